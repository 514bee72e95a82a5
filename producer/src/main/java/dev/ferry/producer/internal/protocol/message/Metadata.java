package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.util.List;
import java.util.UUID;

/** Metadata (key 3), v9-v13 (flexible only): brokers, topics, partitions, leaders, topic ids. */
public final class Metadata {
    private static final UUID ZERO_UUID = new UUID(0L, 0L);

    private Metadata() {}

    /** {@code topics} null asks for all topics; each topic by name (and id from v10, the zero UUID if unknown). */
    public record Request(
            List<RequestTopic> topics, boolean allowAutoTopicCreation, boolean includeTopicAuthorizedOperations)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            if (topics == null) {
                w.writeArrayLength(-1, true);
            } else {
                w.writeStructArray(topics, (tw, topic) -> {
                    if (version >= 10) {
                        tw.writeUuid(topic.topicId() == null ? ZERO_UUID : topic.topicId());
                        tw.writeNullableString("topic name", topic.name(), true);
                    } else {
                        tw.writeString("topic name", topic.name(), true);
                    }
                });
            }
            w.writeBoolean(allowAutoTopicCreation);
            if (version <= 10) {
                w.writeBoolean(false);
            }
            w.writeBoolean(includeTopicAuthorizedOperations);
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader reader, short version) {
            return Response.read(reader, version);
        }
    }

    public record RequestTopic(UUID topicId, String name) {}

    /** {@code errorCode} is the top-level error (v13+; 0 before). */
    public record Response(
            int throttleTimeMs,
            List<NodeEndpoint> brokers,
            String clusterId,
            int controllerId,
            List<TopicMetadata> topics,
            short errorCode)
            implements ThrottledResponse {
        public static Response read(ProtocolReader r, short version) {
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            List<NodeEndpoint> brokers = r.readArray("brokers", true, Metadata::readNodeEndpoint);
            String clusterId = r.readNullableString("clusterId", true);
            int controllerId = r.readInt32("controllerId");
            List<TopicMetadata> topics = r.readStructArray("topics", t -> readTopic(t, version));
            if (version <= 10) {
                r.readInt32("clusterAuthorizedOperations");
            }
            short errorCode = version >= 13 ? r.readInt16("errorCode") : 0;
            r.skipTaggedFields("MetadataResponse");
            return new Response(throttleTimeMs, brokers, clusterId, controllerId, topics, errorCode);
        }
    }

    /** {@code name} may be null from v12 on (a topic asked for by id that does not exist). */
    public record TopicMetadata(
            short errorCode,
            String name,
            UUID topicId,
            boolean isInternal,
            List<PartitionMetadata> partitions,
            int topicAuthorizedOperations) {}

    public record PartitionMetadata(
            short errorCode,
            int partitionIndex,
            int leaderId,
            int leaderEpoch,
            List<Integer> replicaNodes,
            List<Integer> isrNodes,
            List<Integer> offlineReplicas) {}

    static NodeEndpoint readNodeEndpoint(ProtocolReader b) {
        NodeEndpoint endpoint = new NodeEndpoint(
                b.readInt32("node.nodeId"),
                b.readString("node.host", true),
                b.readInt32("node.port"),
                b.readNullableString("node.rack", true));
        b.skipTaggedFields("node");
        return endpoint;
    }

    private static TopicMetadata readTopic(ProtocolReader t, short version) {
        short errorCode = t.readInt16("topics.errorCode");
        String name = t.readNullableString("topics.name", true);
        UUID topicId = version >= 10 ? t.readUuid("topics.topicId") : null;
        boolean isInternal = t.readBoolean("topics.isInternal");
        List<PartitionMetadata> partitions = t.readStructArray(
                "partitions",
                p -> new PartitionMetadata(
                        p.readInt16("partitions.errorCode"),
                        p.readInt32("partitions.partitionIndex"),
                        p.readInt32("partitions.leaderId"),
                        p.readInt32("partitions.leaderEpoch"),
                        readInt32s(p, "partitions.replicaNodes"),
                        readInt32s(p, "partitions.isrNodes"),
                        readInt32s(p, "partitions.offlineReplicas")));
        int authorizedOperations = t.readInt32("topics.topicAuthorizedOperations");
        return new TopicMetadata(errorCode, name, topicId, isInternal, partitions, authorizedOperations);
    }

    static List<Integer> readInt32s(ProtocolReader r, String field) {
        return r.readArray(field, true, e -> e.readInt32(field));
    }
}
