package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.util.List;
import java.util.UUID;

/** TxnOffsetCommit (key 28), v3-v6: consumer offsets inside a transaction; topics by name through v5, by id in v6. */
public final class TxnOffsetCommit {
    private TxnOffsetCommit() {}

    public record Request(
            String transactionalId,
            String groupId,
            long producerId,
            short producerEpoch,
            int generationIdOrMemberEpoch,
            String memberId,
            String groupInstanceId,
            List<Topic> topics)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeString("transactionalId", transactionalId, true);
            w.writeString("groupId", groupId, true);
            w.writeInt64(producerId).writeInt16(producerEpoch);
            w.writeInt32(generationIdOrMemberEpoch);
            w.writeString("memberId", memberId, true);
            w.writeNullableString("groupInstanceId", groupInstanceId, true);
            w.writeStructArray(topics, (tw, topic) -> {
                writeTopic(tw, version, topic.name(), topic.topicId());
                tw.writeStructArray(topic.partitions(), (pw, partition) -> {
                    pw.writeInt32(partition.partitionIndex())
                            .writeInt64(partition.committedOffset())
                            .writeInt32(partition.committedLeaderEpoch());
                    pw.writeNullableString("committedMetadata", partition.committedMetadata(), true);
                });
            });
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            List<TopicResult> topics = r.readStructArray("topics", t -> {
                String name = version <= 5 ? t.readString("topics.name", true) : null;
                UUID topicId = version >= 6 ? t.readUuid("topics.topicId") : null;
                return new TopicResult(
                        name,
                        topicId,
                        t.readStructArray(
                                "partitions",
                                p -> new PartitionResult(
                                        p.readInt32("partitions.partitionIndex"),
                                        p.readInt16("partitions.errorCode"))));
            });
            r.skipTaggedFields("TxnOffsetCommitResponse");
            return new Response(throttleTimeMs, topics);
        }
    }

    private static void writeTopic(ProtocolWriter w, short version, String name, UUID topicId) {
        if (version <= 5) {
            w.writeString("topic name", name, true);
        } else {
            if (topicId == null) {
                throw new IllegalArgumentException(
                        "TxnOffsetCommit v" + version + " needs a topic id for topic " + name);
            }
            w.writeUuid(topicId);
        }
    }

    /** {@code name} is used through v5, {@code topicId} from v6. */
    public record Topic(String name, UUID topicId, List<Partition> partitions) {}

    public record Partition(
            int partitionIndex, long committedOffset, int committedLeaderEpoch, String committedMetadata) {}

    public record Response(int throttleTimeMs, List<TopicResult> topics) implements ThrottledResponse {}

    public record TopicResult(String name, UUID topicId, List<PartitionResult> partitions) {}

    public record PartitionResult(int partitionIndex, short errorCode) {}
}
