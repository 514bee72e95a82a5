package dev.ferry.registry;

import java.util.List;

/**
 * The answer of a compatibility test.
 *
 * @param compatible whether the candidate schema may be registered
 * @param messages   why not, one human-readable message per problem, naming the field when the
 *                   registry says which (Confluent's {@code verbose=true} answer); may be empty even
 *                   when incompatible, since some registries give no reasons
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    /** A compatible result without messages. */
    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
