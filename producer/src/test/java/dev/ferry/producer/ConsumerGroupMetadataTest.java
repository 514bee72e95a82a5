package dev.ferry.producer;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerGroupMetadataTest {

    @Test
    void groupIdOnlyMatchesKafkaClientsDefaults() {
        // given kafka-clients' view of a group known only by id
        var theirs = new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("g");

        // when
        ConsumerGroupMetadata ours = new ConsumerGroupMetadata("g");

        // then
        assertThat(ours.generationId()).isEqualTo(theirs.generationId());
        assertThat(ours.memberId()).isEqualTo(theirs.memberId());
        assertThat(ours.groupInstanceId()).isEqualTo(theirs.groupInstanceId());
        assertThat(ours.groupInstanceId()).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsEmptyGroupId() {
        assertThatThrownBy(() -> new ConsumerGroupMetadata("")).hasMessageContaining("groupId");
    }
}
