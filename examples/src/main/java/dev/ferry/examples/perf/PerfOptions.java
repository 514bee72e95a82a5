package dev.ferry.examples.perf;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The command line of {@code ferry-perf}: kafka-producer-perf-test's flags plus the client to run,
 * the broker to use and the comparison mode.
 *
 * @param recordSize         {@code --record-size}, or 0 with {@code --payload-file}
 * @param payloadFile        null: random capital letters of {@code recordSize} bytes ({@link PerfPayloads})
 * @param producerProps      {@code --producer-props} pairs, applied over {@code --producer.config}
 * @param bootstrapServer    null: an embedded broker in its own JVM (or bootstrap.servers from the properties)
 * @param printWindowCpu     {@code --print-window-cpu}: the JVM's CPU per record of each 5-second window ({@link PerfStats})
 * @param compareRuns        0: a single run of {@code client}; N: N runs of each client, alternating
 * @param compareWarmupRecords records of the unmeasured warm-up run of each client before a comparison
 * @param childRun           run started by a comparison: the topic exists already
 */
record PerfOptions(
        String topic,
        long numRecords,
        int recordSize,
        Path payloadFile,
        String payloadDelimiter,
        double throughput,
        List<String> producerProps,
        Path producerConfig,
        boolean printMetrics,
        boolean printWindowCpu,
        PerfClient client,
        String bootstrapServer,
        int partitions,
        int compareRuns,
        long compareWarmupRecords,
        boolean childRun) {

    static final String USAGE = """
            usage: ferry-perf --topic TOPIC --num-records N (--record-size BYTES | --payload-file FILE)
                              --throughput RECORDS_PER_SEC [--payload-delimiter REGEX]
                              [--producer-props KEY=VALUE ...] [--producer.config FILE] [--print-metrics]
                              [--print-window-cpu] [--client ferry|kafka-clients|null] [--bootstrap-server HOST:PORT] [--partitions N]
                              [--compare N] [--compare-warmup-records N]
              --record-size sends random capital letters; --payload-file sends the file's pieces between
              delimiters (default a newline), picked at random, as kafka-producer-perf-test does.
              --throughput -1 sends as fast as possible. Without --bootstrap-server (or bootstrap.servers in the
              producer properties) an embedded Kafka broker runs in its own JVM and the topic is created with
              --partitions partitions (default 3). --compare N runs both clients N times each, alternately, each
              run in its own JVM, after one warm-up run of each (--compare-warmup-records, default num-records/4),
              and the tool alone N times; it prints the CPU ratio of whole JVMs and of the clients less the tool.
              --client null acknowledges every record inside send() and needs no broker: the tool's own cost.
              --print-window-cpu follows every 5-second line with the client JVM's CPU per record in that window
              and its milliseconds of JIT compilation: the steady state apart from the start.""";

    static PerfOptions parse(String[] args) {
        Parser parser = new Parser(args);
        String topic = null;
        Long numRecords = null;
        Integer recordSize = null;
        Path payloadFile = null;
        String payloadDelimiter = "\n";
        Double throughput = null;
        List<String> props = new ArrayList<>();
        Path config = null;
        boolean printMetrics = false;
        boolean printWindowCpu = false;
        PerfClient client = PerfClient.FERRY;
        String bootstrap = null;
        int partitions = 3;
        int compare = 0;
        Long warmup = null;
        boolean child = false;
        while (parser.hasNext()) {
            String flag = parser.next();
            switch (flag) {
                case "--topic" -> topic = parser.value(flag);
                case "--num-records" -> numRecords = parser.positiveLong(flag);
                case "--record-size" -> recordSize = (int) Math.min(Integer.MAX_VALUE, parser.positiveLong(flag));
                case "--payload-file" -> payloadFile = Path.of(parser.value(flag));
                case "--payload-delimiter" -> payloadDelimiter = parser.value(flag);
                case "--throughput" -> throughput = parser.number(flag);
                case "--producer-props" -> props.addAll(parser.values(flag));
                case "--producer.config" -> config = Path.of(parser.value(flag));
                case "--print-metrics" -> printMetrics = true;
                case "--print-window-cpu" -> printWindowCpu = true;
                case "--client" -> client = PerfClient.named(parser.value(flag));
                case "--bootstrap-server" -> bootstrap = parser.value(flag);
                case "--partitions" -> partitions = (int) Math.min(Integer.MAX_VALUE, parser.positiveLong(flag));
                case "--compare" -> compare = (int) Math.min(Integer.MAX_VALUE, parser.positiveLong(flag));
                case "--compare-warmup-records" -> warmup = parser.nonNegativeLong(flag);
                case "--child-run" -> child = true;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        require(topic != null, "--topic");
        require(numRecords != null, "--num-records");
        if ((recordSize == null) == (payloadFile == null)) {
            throw new IllegalArgumentException("give exactly one of --record-size and --payload-file");
        }
        if (payloadFile != null && !Files.isRegularFile(payloadFile)) {
            throw new IllegalArgumentException("--payload-file " + payloadFile + " is not a file");
        }
        require(throughput != null, "--throughput");
        if (throughput == 0 || throughput.isNaN()) {
            throw new IllegalArgumentException(
                    "--throughput must be a positive number of records per second, or -1 for no limit");
        }
        for (String prop : props) {
            int eq = prop.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--producer-props takes KEY=VALUE pairs, got '" + prop + "'");
            }
        }
        long warmupRecords = warmup != null ? warmup : numRecords / 4;
        return new PerfOptions(
                topic,
                numRecords,
                recordSize == null ? 0 : recordSize,
                payloadFile,
                payloadDelimiter,
                throughput,
                List.copyOf(props),
                config,
                printMetrics,
                printWindowCpu,
                client,
                bootstrap,
                partitions,
                compare,
                warmupRecords,
                child);
    }

    private static void require(boolean present, String flag) {
        if (!present) {
            throw new IllegalArgumentException("missing required option " + flag);
        }
    }

    /** --producer.config, then --producer-props over it, then {@code --bootstrap-server} when given. */
    Properties producerProperties() {
        Properties properties = new Properties();
        if (producerConfig != null) {
            try (Reader reader = Files.newBufferedReader(producerConfig)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read --producer.config " + producerConfig + ": " + e.getMessage(), e);
            }
        }
        for (String prop : producerProps) {
            int eq = prop.indexOf('=');
            properties.setProperty(prop.substring(0, eq), prop.substring(eq + 1));
        }
        if (bootstrapServer != null) {
            properties.setProperty("bootstrap.servers", bootstrapServer);
        }
        properties.putIfAbsent("client.id", "perf-producer-client");
        return properties;
    }

    /** The broker the user named, by flag or producer property; null means an embedded one. */
    String configuredBootstrap() {
        return producerProperties().getProperty("bootstrap.servers");
    }

    /** The arguments of one measured run in a child JVM against {@code bootstrap}. */
    List<String> childArguments(PerfClient runClient, long records, String bootstrap) {
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--throughput",
                Double.toString(throughput),
                "--client",
                runClient.flagValue(),
                "--bootstrap-server",
                bootstrap,
                "--child-run"));
        if (payloadFile != null) {
            args.addAll(List.of(
                    "--payload-file",
                    payloadFile.toAbsolutePath().toString(),
                    "--payload-delimiter",
                    payloadDelimiter));
        } else {
            args.addAll(List.of("--record-size", Integer.toString(recordSize)));
        }
        if (producerConfig != null) {
            args.addAll(
                    List.of("--producer.config", producerConfig.toAbsolutePath().toString()));
        }
        if (!producerProps.isEmpty()) {
            args.add("--producer-props");
            args.addAll(producerProps);
        }
        if (printMetrics) {
            args.add("--print-metrics");
        }
        if (printWindowCpu) {
            args.add("--print-window-cpu");
        }
        return args;
    }

    /** Walks the arguments; {@code --producer-props} takes every value up to the next flag. */
    private static final class Parser {
        private final String[] args;
        private int next;

        Parser(String[] args) {
            this.args = args;
        }

        boolean hasNext() {
            return next < args.length;
        }

        String next() {
            return args[next++];
        }

        String value(String flag) {
            if (!hasNext() || args[next].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return next();
        }

        List<String> values(String flag) {
            List<String> values = new ArrayList<>();
            while (hasNext() && !args[next].startsWith("--")) {
                values.add(next());
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs at least one KEY=VALUE");
            }
            return values;
        }

        double number(String flag) {
            String value = value(flag);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, was '" + value + "'", e);
            }
        }

        long positiveLong(String flag) {
            long value = nonNegativeLong(flag);
            if (value == 0) {
                throw new IllegalArgumentException(flag + " must be greater than zero");
            }
            return value;
        }

        long nonNegativeLong(String flag) {
            String value = value(flag);
            try {
                long parsed = Long.parseLong(value);
                if (parsed < 0) {
                    throw new IllegalArgumentException(flag + " must not be negative, was " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a whole number, was '" + value + "'", e);
            }
        }
    }
}
