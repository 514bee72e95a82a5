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
        return eachCompared(level, previousNewestFirst, (previous, described, messages) -> {
            for (Difference difference : differ.differences(previous, candidate)) {
                if (level.checksBackward() && difference.breaksBackward()) {
                    messages.add(breaksBackward(difference.message(), described));
                }
                if (level.checksForward() && difference.breaksForward()) {
                    messages.add(breaksForward(difference.message(), described));
                }
            }
        });
    }

    public static List<String> check(
            CompatibilityLevel level,
            ParsedSchema candidate,
            List<ParsedSchema> previousNewestFirst,
            ReaderWriterRule rule) {
        return eachCompared(level, previousNewestFirst, (previous, described, messages) -> {
            if (level.checksBackward()) {
                for (String problem : rule.problems(candidate, previous)) {
                    messages.add(breaksBackward(problem, described));
                }
            }
            if (level.checksForward()) {
                for (String problem : rule.problems(previous, candidate)) {
                    messages.add(breaksForward(problem, described));
                }
            }
        });
    }

    /** What one earlier schema adds to the messages, told which one it is ("the previous schema", ...). */
    @FunctionalInterface
    private interface PreviousCheck {
        void check(ParsedSchema previous, String described, List<String> messages);
    }

    /** The earlier schemas the level compares with (all when transitive, else the newest), each checked in turn. */
    private static List<String> eachCompared(
            CompatibilityLevel level, List<ParsedSchema> previousNewestFirst, PreviousCheck check) {
        if (level == CompatibilityLevel.NONE || previousNewestFirst.isEmpty()) {
            return List.of();
        }
        List<ParsedSchema> compared = level.isTransitive() ? previousNewestFirst : previousNewestFirst.subList(0, 1);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            check.check(compared.get(i), describePrevious(i), messages);
        }
        return List.copyOf(messages);
    }

    private static String describePrevious(int index) {
        return index == 0 ? "the previous schema" : "previous schema " + (index + 1) + " (newest first)";
    }

    private static String breaksBackward(String problem, String previous) {
        return problem + " (the new schema cannot read data written with " + previous + ")";
    }

    private static String breaksForward(String problem, String previous) {
        return problem + " (" + previous + " cannot read data written with the new schema)";
    }
}
