package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * Produce (key 0), v9-v13: topics by name through v12, by topic id from v13. The partitions'
 * record batches are written as their own frame segments, never copied (see {@link ProtocolWriter#writeRecords}).
 */
public final class Produce {
    private Produce() {}

    public record Request(String transactionalId, short acks, int timeoutMs, List<TopicData> topics)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeNullableString("transactionalId", transactionalId, true);
            w.writeInt16(acks).writeInt32(timeoutMs);
            w.writeArray(topics, true, (tw, topic) -> {
                writeTopic(tw, version, topic.name(), topic.topicId());
                tw.writeArray(topic.partitions(), true, (pw, partition) -> {
                    pw.writeInt32(partition.index());
                    pw.writeRecords(partition.records(), true);
                    pw.writeEmptyTaggedFields();
                });
                tw.writeEmptyTaggedFields();
            });
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader reader, short version) {
            return Response.read(reader, version);
        }
    }

    /** A topic's batches: {@code name} is used through v12, {@code topicId} from v13. */
    public record TopicData(String name, UUID topicId, List<PartitionData> partitions) {}

    /** One partition's record batches (normally one), as built by the record batch writer. */
    public record PartitionData(int index, ByteBuffer records) {}

    public record Response(List<TopicResponse> responses, int throttleTimeMs, List<NodeEndpoint> nodeEndpoints)
            implements ThrottledResponse {
        public static Response read(ProtocolReader r, short version) {
            List<TopicResponse> responses = r.readArray("responses", true, t -> {
                String name = version <= 12 ? t.readString("responses.name", true) : null;
                UUID topicId = version >= 13 ? t.readUuid("responses.topicId") : null;
                List<PartitionResponse> partitions =
                        t.readArray("partitionResponses", true, p -> readPartition(p, version));
                t.skipTaggedFields("responses");
                return new TopicResponse(name, topicId, partitions);
            });
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            TaggedValue<List<NodeEndpoint>> endpoints = new TaggedValue<>(List.of());
            r.readTaggedFields("ProduceResponse", (tag, tr) -> {
                if (tag == 0 && version >= 10) {
                    endpoints.value = tr.readArray("nodeEndpoints", true, Metadata::readNodeEndpoint);
                }
            });
            return new Response(responses, throttleTimeMs, endpoints.value);
        }

        private static PartitionResponse readPartition(ProtocolReader p, short version) {
            int index = p.readInt32("partitionResponses.index");
            short errorCode = p.readInt16("partitionResponses.errorCode");
            long baseOffset = p.readInt64("partitionResponses.baseOffset");
            long logAppendTimeMs = p.readInt64("partitionResponses.logAppendTimeMs");
            long logStartOffset = p.readInt64("partitionResponses.logStartOffset");
            List<RecordError> recordErrors = p.readArray("recordErrors", true, e -> {
                RecordError error = new RecordError(
                        e.readInt32("recordErrors.batchIndex"),
                        e.readNullableString("recordErrors.batchIndexErrorMessage", true));
                e.skipTaggedFields("recordErrors");
                return error;
            });
            String errorMessage = p.readNullableString("partitionResponses.errorMessage", true);
            TaggedValue<LeaderIdAndEpoch> leader = new TaggedValue<>(null);
            p.readTaggedFields("partitionResponses", (tag, tr) -> {
                if (tag == 0 && version >= 10) {
                    leader.value = new LeaderIdAndEpoch(
                            tr.readInt32("currentLeader.leaderId"), tr.readInt32("currentLeader.leaderEpoch"));
                    tr.skipTaggedFields("currentLeader");
                }
            });
            return new PartitionResponse(
                    index,
                    errorCode,
                    baseOffset,
                    logAppendTimeMs,
                    logStartOffset,
                    recordErrors,
                    errorMessage,
                    leader.value);
        }
    }

    public record TopicResponse(String name, UUID topicId, List<PartitionResponse> partitions) {}

    /** {@code currentLeader} is null unless the broker sent it (v10+, on NOT_LEADER_OR_FOLLOWER and similar). */
    public record PartitionResponse(
            int index,
            short errorCode,
            long baseOffset,
            long logAppendTimeMs,
            long logStartOffset,
            List<RecordError> recordErrors,
            String errorMessage,
            LeaderIdAndEpoch currentLeader) {}

    public record RecordError(int batchIndex, String message) {}

    public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {}

    static void writeTopic(ProtocolWriter w, short version, String name, UUID topicId) {
        if (version <= 12) {
            w.writeString("topic name", name, true);
        } else {
            if (topicId == null) {
                throw new IllegalArgumentException("Produce v" + version + " needs a topic id for topic " + name);
            }
            w.writeUuid(topicId);
        }
    }
}
