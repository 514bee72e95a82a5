package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorCodeTest {

    static Stream<Errors> kafkaErrors() {
        return Arrays.stream(Errors.values());
    }

    @ParameterizedTest
    @MethodSource("kafkaErrors")
    void everyKafkaErrorHasTheSameCodeNameRetriabilityAndMessage(Errors kafka) {
        // when
        ErrorCode ours = ErrorCode.forCode(kafka.code());

        // then
        assertThat(ours.name()).isEqualTo(kafka.name());
        assertThat(ours.code()).isEqualTo(kafka.code());
        assertThat(ours.retriable()).isEqualTo(kafka.exception() instanceof RetriableException);
        String kafkaMessage = kafka.exception() == null ? "" : kafka.exception().getMessage();
        assertThat(ours.defaultMessage()).isEqualTo(kafkaMessage);
    }

    @Test
    void theTableHasExactlyKafkasEntries() {
        assertThat(ErrorCode.values()).hasSameSizeAs(Errors.values());
    }

    @Test
    void anUnknownCodeIsUnknownServerErrorAsInKafka() {
        assertThat(ErrorCode.forCode((short) 9999)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorCode.forCode((short) -7)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.forCode((short) 9999)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }
}
