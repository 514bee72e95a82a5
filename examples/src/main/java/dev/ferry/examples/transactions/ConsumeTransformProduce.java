package dev.ferry.examples.transactions;

import dev.ferry.examples.internal.ExampleArgs;
import dev.ferry.examples.internal.ExampleCommand;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.schemas.avro.OrderStatus;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consume, transform, produce, exactly once ({@code examples/bin/ferry-transform}): a kafka-clients
 * consumer reads PLACED orders, Ferry's transactional producer writes them as PAID orders, and the
 * consumer's offsets are committed inside the same transaction with
 * {@code sendOffsetsToTransaction}, so each input order yields exactly one output order even when a
 * transaction fails. One transaction is aborted on purpose to show it: its output stays invisible
 * to {@code read_committed} consumers and its input is read again.
 *
 * <p>The loop, as in kafka-clients:
 * <pre>{@code
 * producer.initTransactions();
 * while (...) {
 *     ConsumerRecords<String, OrderEvent> records = consumer.poll(timeout);
 *     producer.beginTransaction();
 *     for (var record : records) producer.send(new ProducerRecord<>(OUTPUT, record.key(), paid(record.value())));
 *     producer.sendOffsetsToTransaction(nextOffsets(records), groupMetadata(consumer));
 *     producer.commitTransaction();
 * }
 * }</pre>
 *
 * <p>Exits 0 when the output holds every input order exactly once and the group's offsets reached
 * the input's end; 1 otherwise; 2 on a bad command line.
 */
public final class ConsumeTransformProduce {
    static final String INPUT = "ferry-transform-orders";
    static final String OUTPUT = "ferry-transform-paid";
    static final String GROUP = "ferry-transform";
    static final String TRANSACTIONAL_ID = "ferry-transform-1";
    private static final int PARTITIONS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ExampleArgs.Option RECORDS =
            new ExampleArgs.Option("records", "N", "orders to seed the input topic with (default 10000)");
    private static final ExampleArgs.Option TRANSACTION_SIZE =
            new ExampleArgs.Option("transaction-size", "N", "most orders per transaction (default 1000)");
    private static final ExampleArgs.Option ABORT = new ExampleArgs.Option(
            "abort",
            "K",
            "abort the K-th transaction once, as if the process failed before committing; 0: none (default 3)");

    private static final ExampleCommand COMMAND =
            new ExampleCommand("ferry-transform", RECORDS, TRANSACTION_SIZE, ABORT);

    private ConsumeTransformProduce() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the example as the command line asks; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        return COMMAND.run(args, out, ConsumeTransformProduce::settings, (options, settings) -> {
            try (ExampleEnvironment env = ExampleEnvironment.open("transform", options)) {
                out.printf(
                        "Ferry consume-transform-produce: %,d orders, at most %,d per transaction%s%n",
                        settings.records(),
                        settings.transactionSize(),
                        settings.abort() > 0 ? ", transaction " + settings.abort() + " aborted once" : "");
                out.println("  broker    " + env.describeBroker());
                out.println("  registry  " + env.describeRegistry());
                return execute(env, settings, out).ok() ? 0 : 1;
            }
        });
    }

    private static Settings settings(ExampleArgs options) {
        return new Settings(
                options.intValue(RECORDS.name(), 10_000, 1),
                options.intValue(TRANSACTION_SIZE.name(), 1000, 1),
                options.intValue(ABORT.name(), 3, 0));
    }

    static Outcome execute(ExampleEnvironment env, Settings settings, PrintStream out) {
        env.createTopic(INPUT, PARTITIONS);
        env.createTopic(OUTPUT, PARTITIONS);
        Map<TopicPartition, Long> inputStart = env.endOffsets(INPUT);
        Map<TopicPartition, Long> outputStart = env.endOffsets(OUTPUT);
        seed(env, settings.records());
        Map<TopicPartition, Long> inputEnd = env.endOffsets(INPUT);
        out.printf("  seeded %,d PLACED orders into %s%n", settings.records(), INPUT);

        int aborted = transform(env, settings, inputStart, inputEnd, out);

        OutputCheck committed = OutputCheck.read(env, OUTPUT, outputStart, settings.records(), true);
        OutputCheck uncommitted = OutputCheck.read(env, OUTPUT, outputStart, settings.records(), false);
        Map<TopicPartition, Long> groupOffsets = groupOffsets(env);
        boolean offsetsAtEnd = inputEnd.entrySet().stream()
                .allMatch(e -> groupOffsets.getOrDefault(e.getKey(), -1L).equals(e.getValue()));

        out.println();
        out.printf(
                "read_committed consumer:   %,d records in %s: %,d distinct orders, %,d duplicated, %,d missing, %,d not PAID as expected%n",
                committed.read(),
                OUTPUT,
                committed.distinct(),
                committed.duplicated(),
                committed.missing(),
                committed.mismatched());
        out.printf(
                "read_uncommitted consumer: %,d records (the %,d sent in aborted transactions stay in the log, marked aborted)%n",
                uncommitted.read(), aborted);
        out.printf(
                "group %s offsets: %s %s the input's end offsets%n",
                GROUP, describe(groupOffsets), offsetsAtEnd ? "=" : "!=");
        Outcome outcome = new Outcome(committed, uncommitted, aborted, offsetsAtEnd);
        out.println(
                outcome.ok()
                        ? "OK: every input order is in the output exactly once, and the offsets were committed with it."
                        : "FAILED: the output does not hold every input order exactly once"
                                + committed.firstProblem().map(p -> ": " + p).orElse(""));
        return outcome;
    }

    private static void seed(ExampleEnvironment env, int records) {
        env.sendSampleOrders(producerConfig(env, "ferry-transform-seed"), INPUT, records, "seeding " + INPUT);
    }

    /** The transform loop; returns how many records were sent in aborted transactions. */
    private static int transform(
            ExampleEnvironment env,
            Settings settings,
            Map<TopicPartition, Long> inputStart,
            Map<TopicPartition, Long> inputEnd,
            PrintStream out) {
        Map<String, Object> producerConfig = producerConfig(env, "ferry-transform");
        producerConfig.put("transactional.id", TRANSACTIONAL_ID);
        Map<TopicPartition, Long> remaining = inputEnd.entrySet().stream()
                .filter(e -> e.getValue() > inputStart.get(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        int abortedRecords = 0;
        try (KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(
                        consumerConfig(env, settings.transactionSize()),
                        new StringDeserializer(),
                        new KafkaAvroDeserializer<OrderEvent>(env.registry(), Map.of("specific.avro.reader", true)));
                FerryProducer<String, OrderEvent> producer = new FerryProducer<>(
                        producerConfig,
                        new StringSerializer(),
                        AvroSerializer.<OrderEvent>builder(env.registry()).build())) {
            producer.initTransactions();
            consumer.subscribe(List.of(INPUT), new StartWhereThisRunBegan(consumer, inputStart));
            int transaction = 0;
            long lastProgress = System.nanoTime();
            while (!remaining.isEmpty()) {
                ConsumerRecords<String, OrderEvent> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                        throw new IllegalStateException(
                                "nothing to read from " + INPUT + " for " + STALL_TIMEOUT.toSeconds()
                                        + " s, with offsets " + describe(remaining) + " still to reach");
                    }
                    continue;
                }
                lastProgress = System.nanoTime();
                transaction++;
                producer.beginTransaction();
                for (ConsumerRecord<String, OrderEvent> record : records) {
                    producer.send(new ProducerRecord<>(OUTPUT, record.key(), paid(record.value())));
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(records);
                producer.sendOffsetsToTransaction(toFerry(offsets), groupMetadata(consumer));
                if (transaction == settings.abort()) {
                    // the records reach the log first: an abort drops what is still unsent, and this run shows
                    // that what was written stays there, marked aborted
                    producer.flush();
                    producer.abortTransaction();
                    abortedRecords += records.count();
                    out.printf(
                            "  transaction %d: ABORTED after sending %,d PAID orders (as if the process failed before "
                                    + "committing); rewound to the committed offsets%n",
                            transaction, records.count());
                    rewind(consumer, inputStart);
                } else {
                    producer.commitTransaction();
                    offsets.forEach((partition, next) ->
                            remaining.computeIfPresent(partition, (p, end) -> next.offset() >= end ? null : end));
                    out.printf(
                            "  transaction %d: committed %,d PAID orders to %s and the offsets %s%n",
                            transaction,
                            records.count(),
                            OUTPUT,
                            describe(offsets.entrySet().stream()
                                    .collect(Collectors.toMap(
                                            Map.Entry::getKey, e -> e.getValue().offset()))));
                }
            }
        }
        return abortedRecords;
    }

    /** The transformation: the payment service marks the order paid. */
    static OrderEvent paid(OrderEvent order) {
        return OrderEvent.newBuilder(order).setStatus(OrderStatus.PAID).build();
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<?, ?> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<? extends ConsumerRecord<?, ?>> list = records.records(partition);
            offsets.put(
                    partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static Map<dev.ferry.producer.TopicPartition, dev.ferry.producer.OffsetAndMetadata> toFerry(
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<dev.ferry.producer.TopicPartition, dev.ferry.producer.OffsetAndMetadata> ferry = new HashMap<>();
        offsets.forEach((partition, offset) -> ferry.put(
                new dev.ferry.producer.TopicPartition(partition.topic(), partition.partition()),
                new dev.ferry.producer.OffsetAndMetadata(offset.offset())));
        return ferry;
    }

    /** The consumer's group generation and member id, so that the broker can fence a zombie instance. */
    private static ConsumerGroupMetadata groupMetadata(KafkaConsumer<?, ?> consumer) {
        var group = consumer.groupMetadata();
        return new ConsumerGroupMetadata(
                group.groupId(), group.generationId(), group.memberId(), group.groupInstanceId());
    }

    /** After an abort, the consumer must read again from the last committed offsets. */
    private static void rewind(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> inputStart) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            consumer.seek(partition, offset != null ? offset.offset() : inputStart.get(partition));
        }
    }

    private static Map<TopicPartition, Long> groupOffsets(ExampleEnvironment env) {
        try {
            return env
                    .admin()
                    .listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of group " + GROUP + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    e.getClass().getSimpleName() + " while reading the offsets of group " + GROUP, e);
        }
    }

    private static Map<String, Object> producerConfig(ExampleEnvironment env, String clientId) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put("bootstrap.servers", env.bootstrapServers());
        config.put("compression.type", "lz4");
        config.putIfAbsent("client.id", clientId);
        return config;
    }

    private static Map<String, Object> consumerConfig(ExampleEnvironment env, int transactionSize) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, transactionSize);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-transform");
        return config;
    }

    private static String describe(Map<TopicPartition, Long> offsets) {
        return new TreeMap<>(offsets.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** A group without committed offsets starts where this run's input starts, not at older records. */
    private record StartWhereThisRunBegan(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> inputStart)
            implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    consumer.seek(partition, inputStart.get(partition));
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
    }

    /**
     * The example's settings.
     *
     * @param records         orders seeded
     * @param transactionSize most orders per transaction
     * @param abort           the transaction aborted once, or 0
     */
    record Settings(int records, int transactionSize, int abort) {}

    /**
     * What the verification found.
     *
     * @param committed     the output as a read_committed consumer sees it
     * @param uncommitted   the output as a read_uncommitted consumer sees it
     * @param abortedSends  records sent in aborted transactions
     * @param offsetsAtEnd  whether the group's committed offsets equal the input's end offsets
     */
    record Outcome(OutputCheck committed, OutputCheck uncommitted, int abortedSends, boolean offsetsAtEnd) {
        boolean ok() {
            return committed.exactlyOnce() && uncommitted.read() == committed.read() + abortedSends && offsetsAtEnd;
        }
    }
}
