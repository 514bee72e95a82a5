package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.util.List;

/** AddPartitionsToTxn (key 24), the client form v3 (v4+ are broker-to-broker). */
public final class AddPartitionsToTxn {
    private AddPartitionsToTxn() {}

    public record Request(String transactionalId, long producerId, short producerEpoch, List<Topic> topics)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeString("transactionalId", transactionalId, true);
            w.writeInt64(producerId).writeInt16(producerEpoch);
            w.writeStructArray(topics, (tw, topic) -> {
                tw.writeString("topic name", topic.name(), true);
                tw.writeArray(topic.partitions(), true, ProtocolWriter::writeInt32);
            });
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            List<TopicResult> results = r.readStructArray(
                    "resultsByTopicV3AndBelow",
                    t -> new TopicResult(
                            t.readString("results.name", true),
                            t.readStructArray(
                                    "resultsByPartition",
                                    p -> new PartitionResult(
                                            p.readInt32("results.partitionIndex"),
                                            p.readInt16("results.partitionErrorCode")))));
            r.skipTaggedFields("AddPartitionsToTxnResponse");
            return new Response(throttleTimeMs, results);
        }
    }

    public record Topic(String name, List<Integer> partitions) {}

    public record Response(int throttleTimeMs, List<TopicResult> results) implements ThrottledResponse {}

    public record TopicResult(String name, List<PartitionResult> partitions) {}

    public record PartitionResult(int partitionIndex, short errorCode) {}
}
