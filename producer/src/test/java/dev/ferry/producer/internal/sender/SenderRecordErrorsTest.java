package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Produce answer's record_errors (INVALID_RECORD: a record without key on a compacted topic, a
 * timestamp out of range) name the records the broker refused. kafka-clients gives each named record
 * its own error and tells the others they went down with them; Ferry gave all the same one, so a
 * caller could not tell which record to drop before sending the rest again.
 */
class SenderRecordErrorsTest {
    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void theNamedRecordGetsItsOwnErrorAndTheOthersOneThatIsNotTheBrokers() {
        List<RecordFuture> futures = threeRecordsAnswered(List.of(new ProduceResponseData.BatchIndexAndErrorMessage()
                .setBatchIndex(1)
                .setBatchIndexErrorMessage("Compacted topic cannot accept message without key")));

        assertThat(causeOf(futures.get(1)))
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("INVALID_RECORD")
                .hasMessageContaining("record 1 of the batch: Compacted topic cannot accept message without key");
        for (int other : new int[] {0, 2}) {
            assertThat(causeOf(futures.get(other)))
                    .isNotInstanceOf(KafkaErrorException.class)
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("not written because the broker refused other records of its batch (at [1])");
        }
    }

    @Test
    void severalNamedRecordsEachGetInvalidRecordWithTheirOwnMessage() {
        List<RecordFuture> futures = threeRecordsAnswered(List.of(
                new ProduceResponseData.BatchIndexAndErrorMessage()
                        .setBatchIndex(0)
                        .setBatchIndexErrorMessage("timestamp out of range"),
                new ProduceResponseData.BatchIndexAndErrorMessage().setBatchIndex(2)));

        assertThat(causeOf(futures.get(0))).hasMessageContaining("record 0 of the batch: timestamp out of range");
        assertThat(causeOf(futures.get(2)))
                .as("no message of its own: the partition's")
                .hasMessageContaining("record 2 of the batch: two records refused");
        assertThat(causeOf(futures.get(1))).hasMessageContaining("(at [0, 2])");
    }

    /** Three records in one batch to P0, answered INVALID_RECORD with these record errors. */
    private List<RecordFuture> threeRecordsAnswered(List<ProduceResponseData.BatchIndexAndErrorMessage> errors) {
        CoreUnderTest core = cores.add(new CoreUnderTest(b -> b).started());
        List<RecordFuture> futures = List.of(core.append(P0, "a"), core.append(P0, "b"), core.append(P0, "c"));
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.values(produce, P0)).containsExactly("a", "b", "c");
        ProduceResponseData answer = core.network.produceAnswer(produce, Map.of(P0, Errors.INVALID_RECORD));
        ProduceResponseData.PartitionProduceResponse partition =
                answer.responses().iterator().next().partitionResponses().get(0);
        partition.setRecordErrors(errors).setErrorMessage(errors.size() > 1 ? "two records refused" : null);
        core.network.respond(produce, answer);
        core.runUntil(() -> futures.stream().allMatch(RecordFuture::isDone), "the records' failure");
        return futures;
    }

    private static Throwable causeOf(RecordFuture future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
