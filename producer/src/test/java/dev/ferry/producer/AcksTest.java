package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AcksTest {

    @ParameterizedTest
    @CsvSource({"all, ALL, -1", "-1, ALL, -1", "1, LEADER, 1", "0, NONE, 0"})
    void parsesKafkaValues(String value, Acks expected, short wire) {
        assertThat(Acks.parse(value)).isEqualTo(expected);
        assertThat(expected.wireValue()).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "ALL", "leader", ""})
    void rejectsOthersNamingKey(String value) {
        assertThatThrownBy(() -> Acks.parse(value))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acks")
                .hasMessageContaining("must be one of all, -1, 0, 1");
    }
}
