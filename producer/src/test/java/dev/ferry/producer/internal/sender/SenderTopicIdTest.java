package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Produce v13 names topics by id, and its answer too. kafka-clients maps the answer's ids to names
 * with the map of the request as sent; Ferry asked the metadata as it was when the answer came, so
 * an answer for a topic recreated meanwhile matched no batch, and the broker's retriable
 * UNKNOWN_TOPIC_ID became a final UNKNOWN_SERVER_ERROR ("did not mention").
 */
class SenderTopicIdTest {
    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void anAnswerForATopicRecreatedWhileInFlightIsMatchedByTheIdTheRequestSent() {
        CoreUnderTest core = cores.add(new CoreUnderTest(b -> b).started());
        RecordFuture future = core.append(P0, "first");
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(produce.header.apiVersion())
                .as("a version that names topics by id")
                .isEqualTo((short) 13);
        Uuid sentId = ((ProduceRequestData) produce.request)
                .topicData()
                .iterator()
                .next()
                .topicId();

        // the topic is deleted and created again, and the producer learns its new id
        core.network.recreateTopic(TOPIC);
        core.metadata.requestUpdate();
        core.clock.advance(core.config.retryBackoffMs());
        core.runUntil(() -> !asUuid(sentId).equals(core.metadata.topicId(TOPIC)), "the new topic id");

        core.network.respond(produce, unknownTopicId(sentId));
        core.runUntil(() -> !core.network.isWaiting(produce), "the answer heard");
        assertThat(future).as("retried, not failed").isNotDone();
        core.clock.advance(core.config.retryBackoffMaxMs());
        ScriptedNetwork.Exchange retried = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(((ProduceRequestData) retried.request)
                        .topicData()
                        .iterator()
                        .next()
                        .topicId())
                .isNotEqualTo(sentId);
        core.network.respond(retried, core.network.produceAnswer(retried));
        core.runUntil(future::isDone, "the retried record's acknowledgement");

        assertThat(future).isCompletedWithValueMatching(metadata -> metadata.offset() == 0);
    }

    private static ProduceResponseData unknownTopicId(Uuid topicId) {
        ProduceResponseData response = new ProduceResponseData();
        response.responses()
                .add(new ProduceResponseData.TopicProduceResponse()
                        .setTopicId(topicId)
                        .setName("")
                        .setPartitionResponses(java.util.List.of(new ProduceResponseData.PartitionProduceResponse()
                                .setIndex(P0.partition())
                                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                                .setBaseOffset(-1)
                                .setLogAppendTimeMs(-1)
                                .setLogStartOffset(-1))));
        return response;
    }

    private static UUID asUuid(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
