package dev.ferry.examples.transactions;

import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.OrderTopicReader;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.schemas.avro.OrderEvent;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The output topic as one consumer sees it, from this run's start to its end: how many records,
 * which orders, and whether each is the PAID version of the order seeded.
 *
 * @param read         records read
 * @param distinct     distinct orders among them
 * @param duplicated   records of an order read before
 * @param missing      seeded orders not read
 * @param mismatched   records that are not the PAID version of a seeded order
 * @param firstProblem the first problem found
 */
record OutputCheck(int read, int distinct, int duplicated, int missing, int mismatched, Optional<String> firstProblem) {
    boolean exactlyOnce() {
        return duplicated == 0 && missing == 0 && mismatched == 0;
    }

    /** Reads {@code topic} from {@code start} to its current end with the given isolation level. */
    static OutputCheck read(
            ExampleEnvironment env, String topic, Map<TopicPartition, Long> start, int records, boolean readCommitted) {
        Tally tally = new Tally(records);
        OrderTopicReader.read(env, topic, start, readCommitted ? "read_committed" : "read_uncommitted", tally::check);
        return new OutputCheck(
                tally.read,
                tally.distinct,
                tally.duplicated,
                records - tally.distinct,
                tally.mismatched,
                Optional.ofNullable(tally.firstProblem));
    }

    /** Counts what a reader meets, record by record. */
    private static final class Tally {
        final boolean[] seen;
        int read;
        int distinct;
        int duplicated;
        int mismatched;
        String firstProblem;

        Tally(int records) {
            seen = new boolean[records];
        }

        void check(ConsumerRecord<String, OrderEvent> record) {
            read++;
            int index = SampleOrders.indexOf(record.key());
            String where = record.topic() + "-" + record.partition() + " offset " + record.offset();
            if (index < 0 || index >= seen.length) {
                mismatched++;
                problem(where + ": key '" + record.key() + "' was not seeded");
            } else if (seen[index]) {
                duplicated++;
                problem(where + ": " + record.key() + " read a second time");
            } else {
                seen[index] = true;
                distinct++;
                if (!ConsumeTransformProduce.paid(SampleOrders.avro(index)).equals(record.value())) {
                    mismatched++;
                    problem(where + ": " + record.key() + " is not the PAID order seeded: " + record.value());
                }
            }
        }

        private void problem(String description) {
            if (firstProblem == null) {
                firstProblem = description;
            }
        }
    }
}
