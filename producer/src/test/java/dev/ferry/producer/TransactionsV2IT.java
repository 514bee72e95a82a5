package dev.ferry.producer;

import dev.ferry.testkit.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Transactions on Kafka 4's default protocol, transaction.version 2 (KIP-890). */
class TransactionsV2IT extends TransactionsContract {
    private static KafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaCluster.builder()
                .transactionVersion(2)
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
