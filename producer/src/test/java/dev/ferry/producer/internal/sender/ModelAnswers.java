package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

/**
 * The coordinator requests of a {@link Simulation} as kafka-clients decoded them, turned into calls
 * on the {@link ModelCoordinator} and its answers into kafka-clients' response messages. A request
 * to a broker that is not the coordinator is answered NOT_COORDINATOR, as Kafka answers it.
 */
final class ModelAnswers {
    private ModelAnswers() {}

    static ApiMessage coordinatorAnswer(ModelCluster model, ScriptedNetwork.Exchange exchange, ScriptedNetwork topics) {
        ModelCoordinator coordinator = model.coordinator();
        boolean here = exchange.node == coordinator.node();
        return switch (exchange.apiKey()) {
            case FIND_COORDINATOR -> {
                FindCoordinatorRequestData request = exchange.data();
                yield findCoordinator(
                        request,
                        request.keyType() == FindCoordinatorRequest.CoordinatorType.GROUP.id()
                                ? coordinator.groups().node()
                                : coordinator.node());
            }
            case ADD_PARTITIONS_TO_TXN -> addPartitions(exchange.data(), here, coordinator);
            case ADD_OFFSETS_TO_TXN -> addOffsets(exchange.data(), here, coordinator);
            case TXN_OFFSET_COMMIT ->
                txnOffsetCommit(
                        exchange.data(),
                        exchange.version(),
                        exchange.node == coordinator.groups().node(),
                        coordinator,
                        topics);
            case END_TXN -> endTxn(exchange.data(), exchange.version(), here, coordinator);
            default -> throw new AssertionError("the model does not answer " + exchange.apiKey());
        };
    }

    private static FindCoordinatorResponseData findCoordinator(FindCoordinatorRequestData request, int node) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        for (String key : request.coordinatorKeys()) {
            response.coordinators()
                    .add(new FindCoordinatorResponseData.Coordinator()
                            .setKey(key)
                            .setNodeId(node)
                            .setHost("127.0.0.1")
                            .setPort(19_092 + node));
        }
        return response;
    }

    private static AddPartitionsToTxnResponseData addPartitions(
            AddPartitionsToTxnRequestData request, boolean here, ModelCoordinator coordinator) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        request.v3AndBelowTopics()
                .forEach(topic -> topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p))));
        Errors error = here
                ? coordinator.addPartitions(
                        request.v3AndBelowTransactionalId(),
                        request.v3AndBelowProducerId(),
                        request.v3AndBelowProducerEpoch(),
                        partitions)
                : Errors.NOT_COORDINATOR;
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection results =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection();
            for (int partition : topic.partitions()) {
                results.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(partition)
                        .setPartitionErrorCode(error.code()));
            }
            topics.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult()
                    .setName(topic.name())
                    .setResultsByPartition(results));
        }
        return new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(topics);
    }

    private static AddOffsetsToTxnResponseData addOffsets(
            AddOffsetsToTxnRequestData request, boolean here, ModelCoordinator coordinator) {
        Errors error = here
                ? coordinator.addOffsets(
                        request.transactionalId(), request.producerId(), request.producerEpoch(), request.groupId())
                : Errors.NOT_COORDINATOR;
        return new AddOffsetsToTxnResponseData().setErrorCode(error.code());
    }

    /** TxnOffsetCommit at the group coordinator: the same error for every partition, as the request is admitted whole. */
    private static TxnOffsetCommitResponseData txnOffsetCommit(
            TxnOffsetCommitRequestData request,
            short version,
            boolean here,
            ModelCoordinator coordinator,
            ScriptedNetwork topics) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            String name = topics.topicName(topic.name(), topic.topicId());
            topic.partitions()
                    .forEach(p -> offsets.put(new TopicPartition(name, p.partitionIndex()), p.committedOffset()));
        }
        Errors error = here
                ? coordinator.txnOffsetCommit(
                        request.transactionalId(),
                        request.producerId(),
                        request.producerEpoch(),
                        request.groupId(),
                        offsets,
                        version >= 5)
                : Errors.NOT_COORDINATOR;
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            response.topics()
                    .add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                            .setName(topic.name())
                            .setTopicId(topic.topicId())
                            .setPartitions(topic.partitions().stream()
                                    .map(p -> new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                            .setPartitionIndex(p.partitionIndex())
                                            .setErrorCode(error.code()))
                                    .toList()));
        }
        return response;
    }

    private static EndTxnResponseData endTxn(
            EndTxnRequestData request, short version, boolean here, ModelCoordinator coordinator) {
        if (!here) {
            return new EndTxnResponseData().setErrorCode(Errors.NOT_COORDINATOR.code());
        }
        ModelCoordinator.End end = coordinator.endTxn(
                request.transactionalId(),
                request.producerId(),
                request.producerEpoch(),
                request.committed(),
                version >= 5);
        EndTxnResponseData response =
                new EndTxnResponseData().setErrorCode(end.error().code());
        if (version >= 5) {
            response.setProducerId(end.producerId()).setProducerEpoch(end.epoch());
        }
        return response;
    }
}
