package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.ConfigException;
import dev.ferry.common.FerryException;
import dev.ferry.common.SerializationException;
import org.junit.jupiter.api.Test;

class FerryExceptionTest {

    @Test
    void retriableBranchHoldsTransientFailuresOnly() {
        assertThat(new TimeoutException("buffer full")).isInstanceOf(RetriableException.class);
        assertThat(new NetworkException("lost")).isInstanceOf(RetriableException.class);
        assertThat(new RetriableKafkaErrorException("NOT_LEADER_OR_FOLLOWER", (short) 6, "producing to t-0"))
                .isInstanceOf(RetriableException.class)
                .isInstanceOf(KafkaError.class);
        assertThat(new KafkaErrorException("INVALID_TOPIC_EXCEPTION", (short) 17, "producing to t-0"))
                .isNotInstanceOf(RetriableException.class)
                .isInstanceOf(FerryException.class);
        assertThat(new ProducerFencedException("PRODUCER_FENCED", (short) 90, "committing"))
                .isInstanceOf(KafkaErrorException.class)
                .isNotInstanceOf(RetriableException.class);
        assertThat(new RecordTooLargeException("r")).isNotInstanceOf(RetriableException.class);
        assertThat(new ConfigException("k", 1, "x")).isNotInstanceOf(RetriableException.class);
        assertThat(new SerializationException("s")).isNotInstanceOf(RetriableException.class);
        assertThat(new ProducerClosedException("producer closed")).isNotInstanceOf(RetriableException.class);
    }

    @Test
    void kafkaErrorsCarryNameCodeAndContext() {
        KafkaErrorException e = new KafkaErrorException(
                "TOPIC_AUTHORIZATION_FAILED", (short) 29, "producing to topic orders partition 1");
        assertThat(e.errorName()).isEqualTo("TOPIC_AUTHORIZATION_FAILED");
        assertThat(e.errorCode()).isEqualTo((short) 29);
        assertThat(e)
                .hasMessage(
                        "Kafka error TOPIC_AUTHORIZATION_FAILED (code 29) while producing to topic orders partition 1");
    }

    @Test
    void interruptExceptionRestoresInterruptFlag() {
        try {
            new InterruptException("interrupted while waiting for buffer memory", new InterruptedException());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }
}
