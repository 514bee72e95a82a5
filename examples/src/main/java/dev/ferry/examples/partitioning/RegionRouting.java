package dev.ferry.examples.partitioning;

import dev.ferry.examples.internal.ExampleArgs;
import dev.ferry.examples.internal.ExampleCommand;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.OrderTopicReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Routes orders by region with {@link RegionPartitioner} ({@code examples/bin/ferry-regions}), set
 * by {@code partitioner.class} as with kafka-clients, then reads the topic back with a kafka-clients
 * consumer and checks each record's partition: 0, 1, 2 for US, EU, ASIA, and for other regions the
 * partition kafka-clients' own hash picks ({@code Utils.murmur2}). Exits 0 when every order is where
 * it belongs, 1 otherwise, 2 on a bad command line.
 */
public final class RegionRouting {
    static final String TOPIC = "ferry-regions";
    static final int PARTITIONS = 6;
    private static final ExampleArgs.Option RECORDS =
            new ExampleArgs.Option("records", "N", "orders to send (default 10000)");

    private static final ExampleCommand COMMAND = new ExampleCommand("ferry-regions", RECORDS);

    private RegionRouting() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the example as the command line asks; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        return COMMAND.run(args, out, options -> options.intValue(RECORDS.name(), 10_000, 1), (options, records) -> {
            try (ExampleEnvironment env = ExampleEnvironment.open("regions", options)) {
                out.printf(
                        "Ferry region routing: %,d orders to %s (%d partitions) with partitioner.class=%s%n",
                        records, TOPIC, PARTITIONS, RegionPartitioner.class.getName());
                out.println("  broker    " + env.describeBroker());
                out.println("  registry  " + env.describeRegistry());
                return execute(env, records, out).misrouted() == 0 ? 0 : 1;
            }
        });
    }

    static Routing execute(ExampleEnvironment env, int records, PrintStream out) {
        env.createTopic(TOPIC, PARTITIONS);
        Map<TopicPartition, Long> start = env.endOffsets(TOPIC);
        send(env, records);
        Routing routing = readBack(env, start);

        out.println();
        out.printf("%-8s %8s  %-20s %s%n", "region", "orders", "partitions", "expected");
        routing.partitionsByRegion()
                .forEach((region, partitions) -> out.printf(
                        "%-8s %,8d  %-20s %s%n",
                        region,
                        routing.ordersByRegion().get(region),
                        partitions.stream().map(String::valueOf).collect(Collectors.joining(",")),
                        expectedPartition(region).map(String::valueOf).orElse("murmur2(key) % " + PARTITIONS)));
        out.println();
        out.println(
                routing.misrouted() == 0 && routing.read() == records
                        ? String.format("OK: all %,d orders are in the partition of their region.", records)
                        : String.format(
                                "FAILED: %,d of %,d orders read, %,d in the wrong partition%s",
                                routing.read(),
                                records,
                                routing.misrouted(),
                                routing.firstProblem() == null ? "" : ": " + routing.firstProblem()));
        return routing.read() == records ? routing : routing.withMissing(records - routing.read());
    }

    private static void send(ExampleEnvironment env, int records) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put("bootstrap.servers", env.bootstrapServers());
        config.put("partitioner.class", RegionPartitioner.class.getName());
        config.putIfAbsent("client.id", "ferry-regions");
        env.sendSampleOrders(config, TOPIC, records, "sending to " + TOPIC);
    }

    private static Routing readBack(ExampleEnvironment env, Map<TopicPartition, Long> start) {
        Map<String, Integer> ordersByRegion = new TreeMap<>();
        Map<String, Set<Integer>> partitionsByRegion = new TreeMap<>();
        int[] readAndMisrouted = new int[2];
        AtomicReference<String> firstProblem = new AtomicReference<>();
        OrderTopicReader.read(env, TOPIC, start, "read_uncommitted", record -> {
            readAndMisrouted[0]++;
            String region = record.value().getCustomer().getRegion();
            ordersByRegion.merge(region, 1, Integer::sum);
            partitionsByRegion.computeIfAbsent(region, r -> new TreeSet<>()).add(record.partition());
            int expected = expectedPartition(region)
                    .orElseGet(() -> Utils.toPositive(Utils.murmur2(record.key().getBytes(StandardCharsets.UTF_8)))
                            % PARTITIONS);
            if (record.partition() != expected) {
                readAndMisrouted[1]++;
                firstProblem.compareAndSet(
                        null,
                        record.key() + " from " + region + " is in partition " + record.partition() + ", expected "
                                + expected);
            }
        });
        return new Routing(
                readAndMisrouted[0], readAndMisrouted[1], ordersByRegion, partitionsByRegion, firstProblem.get());
    }

    private static Optional<Integer> expectedPartition(String region) {
        return switch (region) {
            case "US" -> Optional.of(0);
            case "EU" -> Optional.of(1);
            case "ASIA" -> Optional.of(2);
            default -> Optional.empty();
        };
    }

    /**
     * Where the orders were found.
     *
     * @param read               orders read back
     * @param misrouted          orders in another partition than their region's, or missing
     * @param ordersByRegion     orders per region
     * @param partitionsByRegion the partitions each region's orders were found in
     * @param firstProblem       the first misrouted order, or null
     */
    record Routing(
            int read,
            int misrouted,
            Map<String, Integer> ordersByRegion,
            Map<String, Set<Integer>> partitionsByRegion,
            String firstProblem) {
        Routing withMissing(int missing) {
            return new Routing(
                    read,
                    misrouted + missing,
                    ordersByRegion,
                    partitionsByRegion,
                    firstProblem != null ? firstProblem : missing + " orders were not read back");
        }
    }
}
