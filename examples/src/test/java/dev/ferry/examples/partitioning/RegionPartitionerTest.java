package dev.ferry.examples.partitioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionPartitionerTest {
    private static final Node BROKER = new Node(1, "127.0.0.1", 9092);
    private final RegionPartitioner partitioner = new RegionPartitioner();

    private static Cluster cluster(String topic, int partitions) {
        List<PartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(topic, p, BROKER, List.of(BROKER), List.of(BROKER), List.of()))
                .toList();
        return new Cluster("test", List.of(BROKER), infos);
    }

    private int partitionOf(Object order, String key, int partitions) {
        return partitioner.partition(
                "orders",
                key,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                order,
                null,
                cluster("orders", partitions));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5_011})
    void usEuAndAsiaHaveTheirPartitionsAndOthersHashTheKeyAsKafkaClientsDoes(int index) {
        String key = SampleOrders.orderId(index);
        int expected =
                switch (SampleOrders.region(index)) {
                    case "US" -> 0;
                    case "EU" -> 1;
                    case "ASIA" -> 2;
                    default -> Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 6;
                };

        assertThat(partitionOf(SampleOrders.avro(index), key, 6)).isEqualTo(expected);
        assertThat(partitionOf(SampleOrders.protobuf(index), key, 6)).isEqualTo(expected);
    }

    @Test
    void routesVersion2OrdersToo() {
        var avro = dev.ferry.schemas.avro.v2.OrderEvent.newBuilder()
                .setOrderId("o")
                .setCustomer(SampleOrders.avro(1).getCustomer())
                .setStatus(SampleOrders.avro(1).getStatus())
                .setLines(SampleOrders.avro(1).getLines())
                .setTotal(SampleOrders.avro(1).getTotal())
                .setPlacedAt(SampleOrders.avro(1).getPlacedAt())
                .build();
        var proto = dev.ferry.schemas.proto.v2.OrderEvent.newBuilder()
                .setCustomer(SampleOrders.protobuf(2).getCustomer())
                .build();

        assertThat(SampleOrders.region(1)).isEqualTo("EU");
        assertThat(partitionOf(avro, "o", 3)).isEqualTo(1);
        assertThat(SampleOrders.region(2)).isEqualTo("ASIA");
        assertThat(partitionOf(proto, "o", 3)).isEqualTo(2);
    }

    @Test
    void aTopicWithFewerThanThreePartitionsIsAnError() {
        assertThatThrownBy(() -> partitionOf(SampleOrders.avro(0), "k", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RegionPartitioner needs at least 3 partitions (US, EU, ASIA), but topic orders has 2");
    }

    @Test
    void anOtherRegionWithoutAKeyOrAValueOfAnotherTypeIsAnError() {
        assertThat(SampleOrders.region(5)).isEqualTo("LATAM");
        assertThatThrownBy(() -> partitionOf(SampleOrders.avro(5), null, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "RegionPartitioner: an order for topic orders from region 'LATAM' has no key to spread it by");
        assertThatThrownBy(() -> partitionOf("not an order", "k", 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "RegionPartitioner routes OrderEvents, but a record for topic orders has a java.lang.String");
    }
}
