package dev.ferry.examples.quickstart;

import dev.ferry.examples.internal.ExampleArgs;
import dev.ferry.examples.internal.ExampleCommand;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import dev.ferry.serdes.kafka.KafkaProtobufDeserializer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quickstart ({@code examples/bin/ferry-quickstart}): sends typed OrderEvents, Avro and then
 * Protobuf, through the topic bindings the Maven plugin generated ({@code OrdersTopic.send(order)}:
 * Ferry's producer with {@code acks=all}, idempotence and lz4, Ferry's serializers and the Schema
 * Registry), reads them back with a kafka-clients consumer through Ferry's
 * deserializers, compares every record with what was sent and prints what it measured. Exits 0
 * when every record came back once, unchanged, where its acknowledgement said; 1 otherwise; 2 on a
 * bad command line.
 *
 * <p>Without options it starts an embedded Kafka 4.4 broker and uses the in-memory registry;
 * {@code --bootstrap-server} and {@code --registry-url} point it at real ones.
 */
public final class Quickstart {
    static final String AVRO_TOPIC = dev.ferry.schemas.avro.OrdersTopic.TOPIC;
    static final String PROTOBUF_TOPIC = dev.ferry.schemas.proto.OrdersTopic.TOPIC;
    private static final int DEFAULT_RECORDS = 100_000;
    private static final ExampleArgs.Option RECORDS =
            new ExampleArgs.Option("records", "N", "orders to send per format (default " + DEFAULT_RECORDS + ")");

    private static final ExampleCommand COMMAND = new ExampleCommand("ferry-quickstart", RECORDS);

    private Quickstart() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the quickstart as the command line asks; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        return COMMAND.run(
                args, out, options -> options.intValue(RECORDS.name(), DEFAULT_RECORDS, 1), (options, records) -> {
                    out.printf("Ferry quickstart: %,d OrderEvents per format, acks=all, idempotence, lz4%n", records);
                    List<RoundTripResult> results;
                    try (ExampleEnvironment env = ExampleEnvironment.open("quickstart", options)) {
                        out.println("  broker    " + env.describeBroker());
                        out.println("  registry  " + env.describeRegistry());
                        results = roundTrips(env, records, out);
                    }
                    return report(results, out) ? 0 : 1;
                });
    }

    static List<RoundTripResult> roundTrips(ExampleEnvironment env, int records, PrintStream out) {
        SchemaRegistryClient registry = env.registry();
        List<RoundTripResult> results = new ArrayList<>();
        results.add(new RoundTrip<>(
                        "avro",
                        AVRO_TOPIC,
                        config -> {
                            var orders =
                                    dev.ferry.schemas.avro.OrdersTopic.bind(config, registry, SerdeConfig.defaults());
                            return new BoundTopic<>(
                                    orders.subject(), orders::send, orders.producer()::flush, orders::close);
                        },
                        new KafkaAvroDeserializer<OrderEvent>(registry, Map.of("specific.avro.reader", true)),
                        SampleOrders::avro)
                .run(env, records, out));
        results.add(new RoundTrip<>(
                        "protobuf",
                        PROTOBUF_TOPIC,
                        config -> {
                            var orders =
                                    dev.ferry.schemas.proto.OrdersTopic.bind(config, registry, SerdeConfig.defaults());
                            return new BoundTopic<>(
                                    orders.subject(), orders::send, orders.producer()::flush, orders::close);
                        },
                        new KafkaProtobufDeserializer<dev.ferry.schemas.proto.OrderEvent>(
                                registry,
                                Map.of("specific.protobuf.value.type", dev.ferry.schemas.proto.OrderEvent.class)),
                        SampleOrders::protobuf)
                .run(env, records, out));
        return results;
    }

    /** Prints the summary; true when every format came back clean. */
    private static boolean report(List<RoundTripResult> results, PrintStream out) {
        out.println();
        out.printf(
                "%-9s %-22s %9s %9s %10s %14s %9s %9s %9s%n",
                "format", "topic", "schema id", "sent", "read back", "send rate", "p50 send", "p99 send", "avg size");
        for (RoundTripResult r : results) {
            out.printf(
                    "%-9s %-22s %9d %,9d %,10d %,10.0f r/s %6.1f ms %6.1f ms %7.0f B%n",
                    r.format(),
                    r.topic(),
                    r.schemaId(),
                    r.verdict().acknowledged(),
                    r.verdict().matched(),
                    r.recordsPerSecond(),
                    r.p50Millis(),
                    r.p99Millis(),
                    r.averageBytes());
        }
        out.println();
        boolean ok = results.stream().allMatch(RoundTripResult::ok);
        if (ok) {
            int total = results.stream().mapToInt(RoundTripResult::records).sum();
            out.printf(
                    "OK: all %,d orders read back by a kafka-clients consumer through Ferry's deserializers, each once,%n"
                            + "    equal to the order sent, at the partition and offset of its acknowledgement.%n",
                    total);
            return true;
        }
        for (RoundTripResult r : results) {
            if (r.ok()) {
                continue;
            }
            ReadBackCheck.Verdict v = r.verdict();
            out.printf(
                    "FAILED %s: %d of %d sends failed, %d lost, %d duplicated, %d mismatched, %d unexpected, %d reordered%n",
                    r.format(),
                    r.failedSends(),
                    r.records(),
                    v.lost(),
                    v.duplicated(),
                    v.mismatched(),
                    v.unexpected(),
                    v.reordered());
            r.firstFailure().ifPresent(failure -> out.println("  - first failed send: " + failure));
            v.problems().forEach(problem -> out.println("  - " + problem));
        }
        return false;
    }
}
