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
            // loops, not writeArray's lambdas, for the reason Response.read gives
            w.writeArrayLength(topics.size(), true);
            for (int t = 0; t < topics.size(); t++) {
                TopicData topic = topics.get(t);
                writeTopic(w, version, topic.name(), topic.topicId());
                List<PartitionData> partitions = topic.partitions();
                w.writeArrayLength(partitions.size(), true);
                for (int p = 0; p < partitions.size(); p++) {
                    PartitionData partition = partitions.get(p);
                    w.writeInt32(partition.index());
                    w.writeRecords(partition.records(), true);
                    w.writeEmptyTaggedFields();
                }
                w.writeEmptyTaggedFields();
            }
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
        /*
         * Loops of their own rather than ProtocolReader.readArray: a response is read per request, and the
         * shared readArray, called with every message's element readers, is compiled apart from its callers
         * with whichever of them its profile saw most inlined into it.
         */
        public static Response read(ProtocolReader r, short version) {
            TopicResponse[] responses = new TopicResponse[r.readNonNullArrayLength("responses", true)];
            for (int i = 0; i < responses.length; i++) {
                responses[i] = readTopic(r, version);
            }
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            TaggedValue<List<NodeEndpoint>> endpoints = new TaggedValue<>(List.of());
            r.readTaggedFields("ProduceResponse", (tag, tr) -> {
                if (tag == 0 && version >= 10) {
                    endpoints.value = tr.readArray("nodeEndpoints", true, Metadata::readNodeEndpoint);
                }
            });
            return new Response(ProtocolReader.listOf(responses), throttleTimeMs, endpoints.value);
        }

        private static TopicResponse readTopic(ProtocolReader t, short version) {
            String name = version <= 12 ? t.readString("responses.name", true) : null;
            UUID topicId = version >= 13 ? t.readUuid("responses.topicId") : null;
            PartitionResponse[] partitions =
                    new PartitionResponse[t.readNonNullArrayLength("partitionResponses", true)];
            for (int i = 0; i < partitions.length; i++) {
                partitions[i] = readPartition(t, version);
            }
            t.skipTaggedFields("responses");
            return new TopicResponse(name, topicId, ProtocolReader.listOf(partitions));
        }

        private static PartitionResponse readPartition(ProtocolReader p, short version) {
            int index = p.readInt32("partitionResponses.index");
            short errorCode = p.readInt16("partitionResponses.errorCode");
            long baseOffset = p.readInt64("partitionResponses.baseOffset");
            long logAppendTimeMs = p.readInt64("partitionResponses.logAppendTimeMs");
            long logStartOffset = p.readInt64("partitionResponses.logStartOffset");
            RecordError[] recordErrors = new RecordError[p.readNonNullArrayLength("recordErrors", true)];
            for (int i = 0; i < recordErrors.length; i++) {
                recordErrors[i] = new RecordError(
                        p.readInt32("recordErrors.batchIndex"),
                        p.readNullableString("recordErrors.batchIndexErrorMessage", true));
                p.skipTaggedFields("recordErrors");
            }
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
                    ProtocolReader.listOf(recordErrors),
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
