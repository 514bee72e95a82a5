package dev.ferry.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import java.util.List;

/** What a transitive level adds, the same check for every format. */
public final class TransitiveLevels {
    private TransitiveLevels() {}

    /**
     * Holds that {@code v3} can read {@code v2}'s data, so BACKWARD finds nothing, but not {@code v1}'s,
     * so BACKWARD_TRANSITIVE finds exactly one problem, which contains each of {@code parts}.
     */
    public static void onlyTheTransitiveLevelComparesWithTheOldest(
            SchemaFormat format, ParsedSchema v3, ParsedSchema v2, ParsedSchema v1, String... parts) {
        assertThat(format.checkCompatibility(CompatibilityLevel.BACKWARD, v3, List.of(v2, v1)))
                .isEmpty();
        assertThat(format.checkCompatibility(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, List.of(v2, v1)))
                .singleElement()
                .asString()
                .contains(parts);
    }
}
