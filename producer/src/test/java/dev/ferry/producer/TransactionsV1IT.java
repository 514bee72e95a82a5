package dev.ferry.producer;

import dev.ferry.testkit.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Transactions on the 3.x protocol, transaction.version 1: AddPartitionsToTxn and AddOffsetsToTxn. */
class TransactionsV1IT extends TransactionsContract {
    private static KafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaCluster.builder()
                .transactionVersion(1)
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
                .start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Override
    KafkaCluster kafka() {
        return kafka;
    }
}
