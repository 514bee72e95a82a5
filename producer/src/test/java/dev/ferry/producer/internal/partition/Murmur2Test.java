package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key hashing must equal kafka-clients' for every key, or keyed records land on other partitions. */
class Murmur2Test {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 12, 100, 1000})
    void partitionForKeyEqualsKafkaClientsFor100kRandomKeys(int numPartitions) {
        // given
        Random random = new Random(numPartitions);
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[random.nextInt(65)];
            random.nextBytes(key);

            // when / then
            assertThat(Murmur2.hash(key)).isEqualTo(Utils.murmur2(key));
            assertThat(Murmur2.partitionForKey(key, numPartitions))
                    .as("key %d", i)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, numPartitions));
        }
    }

    @Test
    void toPositiveEqualsKafkaClientsAtTheEdges() {
        for (int n : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, -123456}) {
            assertThat(Murmur2.toPositive(n)).isEqualTo(Utils.toPositive(n));
        }
    }

    @Test
    void rejectsZeroPartitions() {
        assertThatThrownBy(() -> Murmur2.partitionForKey(new byte[1], 0)).hasMessageContaining("numPartitions");
    }
}
