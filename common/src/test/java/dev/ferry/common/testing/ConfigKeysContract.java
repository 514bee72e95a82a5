package dev.ferry.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every key of a config's key table must do, checked on one {@link Sample} per key: be read from
 * properties, survive {@code toBuilder()}, be hidden where the config is shown when it is a secret, and
 * refuse an invalid value with the exact message; and the README's reference must be the table. In
 * common's test jar so that the producer's, the registry client's and the serdes' key tests hold their
 * tables to the same checks; each says how its config is made and read.
 *
 * @param <C> the config the table's keys build
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConfigKeysContract<C> {
    private final ConfigTable<?> table;
    private final String readmeSection;
    private final Function<Map<String, Object>, C> fromProperties;
    private final UnaryOperator<C> rebuilt;
    private final Function<C, Map<String, Object>> values;

    /**
     * @param readmeSection  the README section rendered from the table ({@link ConfigReference#check})
     * @param fromProperties the config's {@code fromProperties}
     * @param rebuilt        {@code config.toBuilder().build()}
     * @param values         every setting of the config by its key, in property form
     */
    protected ConfigKeysContract(
            ConfigTable<?> table,
            String readmeSection,
            Function<Map<String, Object>, C> fromProperties,
            UnaryOperator<C> rebuilt,
            Function<C, Map<String, Object>> values) {
        this.table = table;
        this.readmeSection = readmeSection;
        this.fromProperties = fromProperties;
        this.rebuilt = rebuilt;
        this.values = values;
    }

    /**
     * A valid value of the key (with the keys it needs), what the config holds for it in property form,
     * an invalid value and the exact message of the {@link ConfigException} it is refused with.
     */
    public record Sample(
            String key, Object valid, Map<String, Object> with, Object expected, Object invalid, String message) {

        /** A key that needs no other. */
        public Sample(String key, Object valid, Object expected, Object invalid, String message) {
            this(key, valid, Map.of(), expected, invalid, message);
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** One sample per key of the table, in the table's order. */
    protected abstract List<Sample> samples();

    /** What the config holds for the sample's key, in the form the sample expects. */
    protected Object held(C config, Sample sample) {
        return values.apply(config).get(sample.key());
    }

    /** Properties every sample needs besides its own (a required key). */
    protected Map<String, Object> required() {
        return Map.of();
    }

    /** Every text that shows the config with the key's setting. */
    protected List<String> shown(C config, String key) {
        return List.of(config.toString());
    }

    @Test
    void everyKeyOfTheTableHasASample() {
        assertThat(samples().stream().map(Sample::key))
                .containsExactlyElementsOf(
                        table.keys().stream().map(ConfigKey::name).toList());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyKeyIsReadFromProperties(Sample sample) {
        C config = fromProperties.apply(properties(sample, sample.valid()));

        assertThat(values.apply(config)).containsKey(sample.key());
        assertThat(held(config, sample)).isEqualTo(sample.expected());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyKeySurvivesToBuilder(Sample sample) {
        C config = fromProperties.apply(properties(sample, sample.valid()));

        C copy = rebuilt.apply(config);

        assertThat(values.apply(copy)).isEqualTo(values.apply(config));
        assertThat(copy.toString()).isEqualTo(config.toString());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySecretIsMaskedWhereTheConfigIsShown(Sample sample) {
        C config = fromProperties.apply(properties(sample, sample.valid()));

        for (String shown : shown(config, sample.key())) {
            if (table.isSecret(sample.key())) {
                assertThat(shown)
                        .contains(sample.key() + "=[hidden]")
                        .doesNotContain(String.valueOf(sample.valid()).trim());
            } else {
                assertThat(shown).contains(sample.key() + "=");
            }
        }
        // hidden where it is shown, not in what the config hands on
        assertThat(held(config, sample)).isEqualTo(sample.expected());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyKeyRejectsAnInvalidValueWithTheExactMessage(Sample sample) {
        assertThatThrownBy(() -> fromProperties.apply(properties(sample, sample.invalid())))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(sample.message());
    }

    @Test
    void theReadmeReferenceIsTheTable() {
        ConfigReference.check(readmeSection, table.markdown(), getClass().getSimpleName());
    }

    /** The sample's key with the value, the keys it needs and the {@link #required()} ones. */
    protected Map<String, Object> properties(Sample sample, Object value) {
        Map<String, Object> properties = new HashMap<>(required());
        properties.putAll(sample.with());
        properties.put(sample.key(), value);
        return properties;
    }
}
