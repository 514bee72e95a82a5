package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordMetadataTest {

    @Test
    void acksZeroMetadataHasNoOffset() {
        RecordMetadata unacked = new RecordMetadata("t", 0, RecordMetadata.UNKNOWN_OFFSET, 10L, 3, 4);
        RecordMetadata acked = new RecordMetadata("t", 2, 42L, 10L, -1, 4);
        assertThat(unacked.hasOffset()).isFalse();
        assertThat(acked.hasOffset()).isTrue();
        assertThat(acked.topicPartition()).isEqualTo(new TopicPartition("t", 2));
    }
}
