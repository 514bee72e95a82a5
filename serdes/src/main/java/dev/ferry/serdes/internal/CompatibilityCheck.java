package dev.ferry.serdes.internal;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.spi.ParsedSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a compatibility level to a reader/writer check: which earlier versions are compared, in
 * which direction, and how each problem is prefixed so that the reader of a message knows which
 * comparison failed.
 */
public final class CompatibilityCheck {

    /** Problems found when {@code reader} reads data written with {@code writer}. */
    @FunctionalInterface
    public interface ReaderWriterRule {
        List<String> problems(ParsedSchema reader, ParsedSchema writer);
    }

    /** A change from an earlier schema to a new one, and which readers it breaks. */
    public record Difference(String message, boolean breaksBackward, boolean breaksForward) {}

    /** The differences from {@code previous} to {@code candidate}. */
    @FunctionalInterface
    public interface Differ {
        List<Difference> differences(ParsedSchema previous, ParsedSchema candidate);
    }

    private CompatibilityCheck() {}

    /** Applies a level to rules written as changes from an earlier schema to the new one. */
    public static List<String> checkDifferences(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst, Differ differ) {
        if (level == CompatibilityLevel.NONE || previousNewestFirst.isEmpty()) {
            return List.of();
        }
        List<ParsedSchema> compared = level.isTransitive() ? previousNewestFirst : previousNewestFirst.subList(0, 1);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            String previous = describePrevious(i);
            for (Difference difference : differ.differences(compared.get(i), candidate)) {
                if (level.checksBackward() && difference.breaksBackward()) {
                    messages.add(
                            difference.message() + " (the new schema cannot read data written with " + previous + ")");
                }
                if (level.checksForward() && difference.breaksForward()) {
                    messages.add(
                            difference.message() + " (" + previous + " cannot read data written with the new schema)");
                }
            }
        }
        return List.copyOf(messages);
    }

    private static String describePrevious(int index) {
        return index == 0 ? "the previous schema" : "previous schema " + (index + 1) + " (newest first)";
    }

    public static List<String> check(
            CompatibilityLevel level,
            ParsedSchema candidate,
            List<ParsedSchema> previousNewestFirst,
            ReaderWriterRule rule) {
        if (level == CompatibilityLevel.NONE || previousNewestFirst.isEmpty()) {
            return List.of();
        }
        List<ParsedSchema> compared = level.isTransitive() ? previousNewestFirst : previousNewestFirst.subList(0, 1);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            String previous = describePrevious(i);
            if (level.checksBackward()) {
                for (String problem : rule.problems(candidate, compared.get(i))) {
                    messages.add(problem + " (the new schema cannot read data written with " + previous + ")");
                }
            }
            if (level.checksForward()) {
                for (String problem : rule.problems(compared.get(i), candidate)) {
                    messages.add(problem + " (" + previous + " cannot read data written with the new schema)");
                }
            }
        }
        return List.copyOf(messages);
    }
}
