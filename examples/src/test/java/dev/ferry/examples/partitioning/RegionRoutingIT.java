package dev.ferry.examples.partitioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.ExampleRuns;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The region routing example run in-process; the broker's end offsets per partition are the oracle. */
class RegionRoutingIT {
    private static final int RECORDS = 3000;

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.start();

    @Test
    void eachPartitionHoldsTheOrdersOfItsRegionAndTheHashedRest() throws Exception {
        String output = ExampleRuns.run(
                RegionRouting::run,
                0,
                "--records",
                String.valueOf(RECORDS),
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--registry-url",
                "mock://regions-it");

        assertThat(output).contains("OK: all 3,000 orders are in the partition of their region.");
        Map<Integer, Long> expected = IntStream.range(0, RECORDS)
                .boxed()
                .collect(Collectors.groupingBy(
                        index -> switch (SampleOrders.region(index)) {
                            case "US" -> 0;
                            case "EU" -> 1;
                            case "ASIA" -> 2;
                            default ->
                                Utils.toPositive(Utils.murmur2(
                                                SampleOrders.orderId(index).getBytes(StandardCharsets.UTF_8)))
                                        % RegionRouting.PARTITIONS;
                        },
                        TreeMap::new,
                        Collectors.counting()));
        Map<TopicPartition, OffsetSpec> request = IntStream.range(0, RegionRouting.PARTITIONS)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(RegionRouting.TOPIC, p), p -> OffsetSpec.latest()));
        Map<Integer, Long> actual =
                kafka.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                        .filter(e -> e.getValue().offset() > 0)
                        .collect(Collectors.toMap(
                                e -> e.getKey().partition(), e -> e.getValue().offset(), Long::sum, TreeMap::new));
        assertThat(actual).isEqualTo(expected);
    }
}
