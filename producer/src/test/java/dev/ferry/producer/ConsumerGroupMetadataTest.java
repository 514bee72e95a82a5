package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerGroupMetadataTest {

    @Test
    void groupIdOnlyMatchesKafkaClientsDefaults() {
        // when
        ConsumerGroupMetadata ours = new ConsumerGroupMetadata("g");

        // then the group is unknown to the coordinator as kafka-clients spells it
        assertThat(ours.generationId())
                .isEqualTo(org.apache.kafka.common.requests.JoinGroupRequest.UNKNOWN_GENERATION_ID);
        assertThat(ours.memberId()).isEqualTo(org.apache.kafka.common.requests.JoinGroupRequest.UNKNOWN_MEMBER_ID);
        assertThat(ours.groupInstanceId()).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsEmptyGroupId() {
        assertThatThrownBy(() -> new ConsumerGroupMetadata("")).hasMessageContaining("groupId");
    }
}
