package dev.ferry.serdes;

import dev.ferry.registry.CompatibilityLevel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** The formats' compatibility-rule tables crossed with every compatibility level, for parameterized tests. */
public final class EveryLevel {
    private EveryLevel() {}

    /** Each rule at each level, as (rule, level); a test's name shows the rule by {@code name}. */
    public static <R> Stream<Arguments> crossed(List<R> rules, Function<R, String> name) {
        return rules.stream().flatMap(rule -> Arrays.stream(CompatibilityLevel.values())
                .map(level -> Arguments.of(Named.of(name.apply(rule), rule), level)));
    }
}
