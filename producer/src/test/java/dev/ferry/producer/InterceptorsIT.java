package dev.ferry.producer;

import static dev.ferry.producer.ItSetup.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Interceptors with kafka-clients' contract, against a real broker, read back by kafka-clients' consumer. */
class InterceptorsIT {
    private static final String IO_THREAD = "ferry-producer-network-thread | ";

    @AutoClose
    private static final KafkaCluster kafka = ItSetup.clusterWithOnly(
            topic("intercepted", 3),
            topic("throwing", 1),
            topic("tiny-messages", 1).configs(Map.of("max.message.bytes", "300")));

    /** One acknowledgement as an interceptor saw it. */
    record Ack(RecordMetadata metadata, Exception exception, Headers headers, String thread) {}

    /** A producer whose {@code send()} refuses a record over 4000 bytes, traced by {@code tracing}. */
    private static FerryProducer<String, String> refusingLargeRecords(String clientId, TracingInterceptor tracing) {
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .clientId(clientId)
                .maxRequestSize(4000)
                .build();
        return FerryProducer.<String, String>builder(config)
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .interceptor(tracing)
                .build();
    }

    /** Renames the key and adds a trace header; remembers what it was configured with and what it saw. */
    public static final class TracingInterceptor extends PluginConfigsKept
            implements ProducerInterceptor<String, String> {
        static final Queue<TracingInterceptor> INSTANCES = new ConcurrentLinkedQueue<>();
        final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        final AtomicInteger closed = new AtomicInteger();

        public TracingInterceptor() {
            INSTANCES.add(this);
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            Headers headers = new Headers(record.headers()).add("traceparent", "trace-of-" + record.value());
            return new ProducerRecord<>(
                    record.topic(),
                    record.partition(),
                    record.timestamp(),
                    "renamed-" + record.key(),
                    record.value(),
                    headers);
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
            acks.add(
                    new Ack(metadata, exception, headers, Thread.currentThread().getName()));
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Fails in every method. */
    static final class ThrowingInterceptor implements ProducerInterceptor<String, String> {
        final AtomicInteger acknowledgements = new AtomicInteger();

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            throw new IllegalStateException("onSend broke");
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            acknowledgements.incrementAndGet();
            throw new IllegalStateException("onAcknowledgement broke");
        }

        @Override
        public void close() {
            throw new IllegalStateException("close broke");
        }
    }

    /** Writes the value followed by the trace header it finds, so the bytes prove the header existed before serialization. */
    static final class HeaderEchoSerializer implements Serializer<String> {
        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            Header trace = headers.lastHeader("traceparent");
            return (data + "|" + (trace == null ? "none" : new String(trace.value(), StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void interceptorsNamedInTheConfigurationChangeRecordsBeforeSerializationAndPartitioning() throws Exception {
        // given an interceptor named in interceptor.classes that renames keys and adds a header
        TracingInterceptor.INSTANCES.clear();
        ProducerConfig config = ProducerConfig.fromProperties(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "client.id",
                "traced",
                "interceptor.classes",
                TracingInterceptor.class.getName()));
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new HeaderEchoSerializer())) {
            // when records are sent
            for (int i = 0; i < 30; i++) {
                futures.add(producer.send(new ProducerRecord<>("intercepted", "key-" + i, "value-" + i)));
            }
            for (CompletableFuture<RecordMetadata> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        // then kafka-clients' consumer reads the changed records, partitioned by the changed key
        TracingInterceptor interceptor = TracingInterceptor.INSTANCES.element();
        assertThat(TracingInterceptor.INSTANCES).hasSize(1);
        assertThat(interceptor.configs.get("client.id")).isEqualTo("traced");
        List<ConsumerRecord<byte[], byte[]>> records =
                ConsumerOracle.readAll(kafka.bootstrapServers(), "intercepted", 30);
        assertThat(records).hasSize(30);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            String value = new String(record.value(), StandardCharsets.UTF_8);
            String original = value.substring(0, value.indexOf('|'));
            assertThat(key).startsWith("renamed-key-");
            assertThat(value)
                    .as("the serializer saw the interceptor's header")
                    .isEqualTo(original + "|trace-of-" + original);
            assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                    .isEqualTo("trace-of-" + original);
            assertThat(record.partition())
                    .as("partitioned by the renamed key")
                    .isEqualTo(Utils.toPositive(Utils.murmur2(record.key())) % 3);
        }
        // and each record was acknowledged once, on the I/O thread, with its offset and headers, before close() closed
        // the interceptor
        assertThat(interceptor.acks).hasSize(30).allSatisfy(ack -> {
            assertThat(ack.exception()).isNull();
            assertThat(ack.metadata().offset()).isNotNegative();
            assertThat(ack.thread()).isEqualTo(IO_THREAD + "traced");
            assertThat(ack.headers().lastHeader("traceparent")).isNotNull();
        });
        assertThat(interceptor.acks.stream()
                        .map(ack -> ack.metadata().topicPartition() + "@"
                                + ack.metadata().offset()))
                .containsExactlyInAnyOrderElementsOf(records.stream()
                        .map(r -> "intercepted-" + r.partition() + "@" + r.offset())
                        .toList());
        assertThat(interceptor.closed).hasValue(1);
    }

    @Test
    void anInterceptorThatThrowsIsLoggedAndTheRecordStillDelivered() throws Exception {
        // given a throwing interceptor before a working one
        TracingInterceptor.INSTANCES.clear();
        ThrowingInterceptor throwing = new ThrowingInterceptor();
        TracingInterceptor tracing = new TracingInterceptor();
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .clientId("throwing")
                .build();
        List<String> callbacks = new ArrayList<>();
        String log;
        try (LogCapture capture = new LogCapture()) {
            try (FerryProducer<String, String> producer = FerryProducer.<String, String>builder(config)
                    .keySerializer(new StringSerializer())
                    .valueSerializer(new HeaderEchoSerializer())
                    .interceptor(throwing)
                    .interceptor(tracing)
                    .build()) {
                // when a record is sent
                RecordMetadata metadata = producer.send(
                                new ProducerRecord<>("throwing", "k", "v"),
                                (md, error) -> callbacks.add(md + " " + error))
                        .get(30, TimeUnit.SECONDS);
                assertThat(metadata.offset()).isZero();
            }
            log = capture.text();
        }

        // then the record went out as the working interceptor made it, and every failure was logged
        ConsumerRecord<byte[], byte[]> record =
                ConsumerOracle.readAll(kafka.bootstrapServers(), "throwing", 1).get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("renamed-k");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("v|trace-of-v");
        assertThat(callbacks).hasSize(1).allMatch(line -> line.endsWith(" null"));
        assertThat(throwing.acknowledgements).hasValue(1);
        assertThat(tracing.acks).hasSize(1);
        assertThat(tracing.closed)
                .as("closing goes on past a failing interceptor")
                .hasValue(1);
        assertThat(log)
                .contains("Producer interceptor " + ThrowingInterceptor.class.getName()
                        + " failed in onSend for topic throwing")
                .contains("Producer interceptor " + ThrowingInterceptor.class.getName()
                        + " failed in onAcknowledgement for throwing-0")
                .contains("Producer interceptor " + ThrowingInterceptor.class.getName() + " failed to close")
                .contains("onSend broke", "onAcknowledgement broke", "close broke");
    }

    @Test
    void recordsThatFailAreAcknowledgedWithTheirErrorBeforeTheCallback() throws Exception {
        TracingInterceptor.INSTANCES.clear();
        TracingInterceptor tracing = new TracingInterceptor();
        List<String> order = new ArrayList<>();
        try (FerryProducer<String, String> producer = refusingLargeRecords("failing", tracing)) {
            // when send() itself refuses a record larger than max.request.size
            CompletableFuture<RecordMetadata> refused = producer.send(
                    new ProducerRecord<>("intercepted", "k", "x".repeat(5000)),
                    (md, error) -> order.add("callback " + tracing.acks.size()));
            // and the broker refuses one larger than the topic's max.message.bytes, in partition 0 chosen by the
            // producer
            CompletableFuture<RecordMetadata> rejected = producer.send(
                    new ProducerRecord<>("tiny-messages", "k", "y".repeat(1000)),
                    (md, error) -> order.add("callback " + tracing.acks.size()));

            // then both fail, and the interceptor learned each failure first
            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class);
            assertThatThrownBy(() -> rejected.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("MESSAGE_TOO_LARGE");
        }
        List<Ack> acks = new ArrayList<>(tracing.acks);
        assertThat(acks).hasSize(2);
        assertThat(order).containsExactly("callback 1", "callback 2");

        Ack refusedAck = acks.get(0);
        assertThat(refusedAck.metadata())
                .isEqualTo(new RecordMetadata("intercepted", RecordMetadata.UNKNOWN_PARTITION, -1, -1, -1, -1));
        assertThat(refusedAck.exception()).isInstanceOf(RecordTooLargeException.class);
        assertThat(refusedAck.thread())
                .as("send() failed on the sending thread")
                .isEqualTo(Thread.currentThread().getName());
        assertThat(refusedAck.headers().lastHeader("traceparent")).isNotNull();

        Ack rejectedAck = acks.get(1);
        assertThat(rejectedAck.metadata()).isEqualTo(new RecordMetadata("tiny-messages", 0, -1, -1, -1, -1));
        assertThat(rejectedAck.exception()).isInstanceOf(RecordTooLargeException.class);
        assertThat(rejectedAck.thread()).isEqualTo(IO_THREAD + "failing");
    }

    @Test
    void aCallbackThatThrowsOnARefusedRecordDoesNotMakeTheInterceptorHearTwice() {
        TracingInterceptor tracing = new TracingInterceptor();
        try (FerryProducer<String, String> producer = refusingLargeRecords("rethrowing", tracing)) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>("intercepted", "k", "x".repeat(5000)), (md, error) -> {
                                throw new IllegalStateException("the callback broke");
                            }))
                    .hasMessage("the callback broke");
        }
        assertThat(tracing.acks).singleElement().satisfies(ack -> assertThat(ack.exception())
                .isInstanceOf(RecordTooLargeException.class));
    }
}
