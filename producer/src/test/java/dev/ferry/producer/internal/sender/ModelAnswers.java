package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * The coordinator requests of a {@link Simulation} as kafka-clients decoded them, turned into calls
 * on the {@link ModelCoordinator} and its answers into kafka-clients' response messages. A request
 * to a broker that is not the coordinator is answered NOT_COORDINATOR, as Kafka answers it.
 */
final class ModelAnswers {
    private ModelAnswers() {}

    static ApiMessage coordinatorAnswer(ModelCluster model, ScriptedNetwork.Exchange exchange) {
        ModelCoordinator coordinator = model.coordinator();
        boolean here = exchange.node == coordinator.node();
        return switch (exchange.apiKey()) {
            case FIND_COORDINATOR -> findCoordinator(exchange.data(), coordinator.node());
            case ADD_PARTITIONS_TO_TXN -> addPartitions(exchange.data(), here, coordinator);
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
