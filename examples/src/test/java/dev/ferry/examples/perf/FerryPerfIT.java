package dev.ferry.examples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.testkit.KafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FerryPerfIT {
    private static final int RECORDS = 3000;
    private static final List<String> GOAL_SETTINGS = List.of(
            "--producer-props",
            "acks=all",
            "enable.idempotence=true",
            "compression.type=lz4",
            "linger.ms=5",
            "batch.size=65536");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private boolean run(List<String> args) {
        PerfOptions options = PerfOptions.parse(args.toArray(String[]::new));
        return new FerryPerf(options, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void compareRunsBothClientsInChildJvmsAndEveryRecordLandsOnTheBroker() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            List<String> args = PerfArgs.of(
                    "perf-compare",
                    RECORDS,
                    100,
                    -1,
                    "--bootstrap-server",
                    kafka.bootstrapServers(),
                    "--compare",
                    "1",
                    "--compare-warmup-records",
                    "0");
            args.addAll(GOAL_SETTINGS);

            boolean allAcknowledged = run(args);

            assertThat(allAcknowledged).isTrue();
            List<Matcher> totals = PerfLines.matching(lines(), PerfLines.TOTAL);
            assertThat(totals)
                    .extracting(total -> total.group(1))
                    .containsExactly(Integer.toString(RECORDS), Integer.toString(RECORDS), Integer.toString(RECORDS));
            List<RunResult> results = lines().stream()
                    .map(RunResult::parse)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            assertThat(results)
                    .extracting(RunResult::client)
                    .containsExactly(PerfClient.FERRY, PerfClient.KAFKA_CLIENTS, PerfClient.NULL);
            assertThat(results).allSatisfy(result -> {
                assertThat(result.acknowledged()).isEqualTo(RECORDS);
                assertThat(result.failed()).isZero();
                assertThat(result.cpuNanos()).isPositive();
                assertThat(result.allocatedBytesPerRecord()).isPositive();
            });
            double ferry = results.get(0).cpuMicrosPerRecord();
            double kafkaClients = results.get(1).cpuMicrosPerRecord();
            double tool = results.get(2).cpuMicrosPerRecord();
            assertThat(PerfLines.matching(lines(), PerfLines.COMPARE_WITHOUT_TOOL))
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(Double.parseDouble(line.group(1))).isCloseTo(tool, within(0.0005));
                        assertThat(Double.parseDouble(line.group(2)))
                                .isCloseTo((ferry - tool) / (kafkaClients - tool), within(0.005));
                    });
            Matcher compare = PerfLines.COMPARE.matcher(lines().get(lines().size() - 1));
            assertThat(compare.matches()).isTrue();
            assertThat(Double.parseDouble(compare.group(2))).isCloseTo(ferry / kafkaClients, within(0.005));
            assertThat(endOffsets(kafka, "perf-compare", 3)).isEqualTo(2L * RECORDS);
        }
    }

    @Test
    void singleRunStartsItsOwnBrokerAndPrintsTheProducersMetrics() {
        List<String> args = PerfArgs.of("perf-single", RECORDS, 1000, 20000, "--partitions", "2", "--print-metrics");
        args.addAll(GOAL_SETTINGS);

        boolean allAcknowledged = run(args);

        assertThat(allAcknowledged).isTrue();
        assertThat(lines()).anyMatch(line -> line.startsWith("embedded Kafka broker at 127.0.0.1:"));
        assertThat(PerfLines.matching(lines(), PerfLines.TOTAL))
                .singleElement()
                .satisfies(total -> assertThat(total.group(1)).isEqualTo(Integer.toString(RECORDS)));
        assertThat(lines()).anyMatch(line -> line.matches("record-send-total +: " + RECORDS + "\\.0"));
        assertThat(lines())
                .filteredOn(line -> line.startsWith(RunResult.PREFIX))
                .singleElement()
                .satisfies(
                        line -> assertThat(RunResult.parse(line).acknowledged()).isEqualTo(RECORDS));
    }

    /** The oracle: what the broker holds, read with kafka-clients' Admin, not what either producer says. */
    private static long endOffsets(KafkaCluster kafka, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        return kafka.admin().listOffsets(latest).all().get().values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }
}
