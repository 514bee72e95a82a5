package dev.ferry.producer;

import dev.ferry.testkit.KafkaCluster;
import org.junit.jupiter.api.AutoClose;

/** Transactions on Kafka 4's default protocol, transaction.version 2 (KIP-890). */
class TransactionsV2IT extends TransactionsContract {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .transactionVersion(2)
            .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
            .start();

    @Override
    KafkaCluster kafka() {
        return kafka;
    }
}
