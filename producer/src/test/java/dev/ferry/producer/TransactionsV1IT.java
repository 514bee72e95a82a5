package dev.ferry.producer;

import dev.ferry.testkit.KafkaCluster;
import org.junit.jupiter.api.AutoClose;

/** Transactions on the 3.x protocol, transaction.version 1: AddPartitionsToTxn and AddOffsetsToTxn. */
class TransactionsV1IT extends TransactionsContract {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .transactionVersion(1)
            .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
            .start();

    @Override
    KafkaCluster kafka() {
        return kafka;
    }
}
