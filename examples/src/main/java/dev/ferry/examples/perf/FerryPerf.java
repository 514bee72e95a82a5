package dev.ferry.examples.perf;

import java.io.PrintStream;

/**
 * {@code ferry-perf}: kafka-producer-perf-test for Ferry's producer and kafka-clients' side by side.
 *
 * <pre>
 * examples/bin/ferry-perf --topic perf --num-records 1000000 --record-size 100 --throughput -1 \
 *     --producer-props acks=all compression.type=lz4 linger.ms=5 batch.size=65536 --compare 3
 * </pre>
 *
 * <p>Prints kafka-producer-perf-test's lines (a window every 5 s, then the total with percentiles),
 * then a {@code ferry-perf result:} line with the client JVM's CPU time and the bytes it allocated
 * per record; {@code --compare N} ends with {@code compare: throughput-ratio=R cpu-ratio=C}.
 */
public final class FerryPerf {
    private final PerfOptions options;
    private final PrintStream out;

    FerryPerf(PerfOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        // before any logger exists: the clients' INFO chatter would drown the report lines
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length == 0 || java.util.List.of(args).contains("--help")) {
            System.out.println(PerfOptions.USAGE);
            return;
        }
        PerfOptions options;
        try {
            options = PerfOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ferry-perf: " + e.getMessage());
            System.err.println(PerfOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new FerryPerf(options, System.out).run() ? 0 : 1);
    }

    /** Runs what the options ask for; true when every record was acknowledged. */
    boolean run() {
        if (options.childRun() || !options.client().needsBroker() && options.compareRuns() == 0) {
            return report(new PerfRun(options, out).run(options.configuredBootstrap()));
        }
        try (PerfBroker broker = PerfBroker.start(options)) {
            broker.ensureTopic(options.topic(), options.partitions(), options.producerProperties());
            if (broker.isEmbedded()) {
                out.printf(
                        "embedded Kafka broker at %s in its own JVM; topic %s with %d partitions%n",
                        broker.bootstrap(), options.topic(), options.partitions());
            }
            if (options.compareRuns() > 0) {
                return new Comparison(options, out).run(broker.bootstrap());
            }
            return report(new PerfRun(options, out).run(broker.bootstrap()));
        }
    }

    private boolean report(RunResult result) {
        out.println(result.toLine());
        return result.failed() == 0 && result.acknowledged() == result.records();
    }
}
