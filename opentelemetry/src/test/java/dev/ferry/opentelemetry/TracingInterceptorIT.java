package dev.ferry.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.RecordTooLargeException;
import dev.ferry.producer.StringSerializer;
import dev.ferry.testkit.KafkaCluster;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingInterceptorIT {
    private static final String CLIENT_ID = "traced-app";

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .brokerProperty("auto.create.topics.enable", "false")
            .start();

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk openTelemetry;

    @BeforeAll
    static void createTopics() {
        kafka.createTopic("traced", 3, 1);
        kafka.createTopic(new NewTopic("small-messages", 1, (short) 1).configs(Map.of("max.message.bytes", "1000")));
    }

    @BeforeEach
    void openTelemetry() {
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    private FerryProducer<String, String> producer(
            TracingInterceptor<String, String> tracing, ProducerConfigBuilder config) {
        return FerryProducer.<String, String>builder(config.bootstrapServers(kafka.bootstrapServers())
                        .clientId(CLIENT_ID)
                        .build())
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .interceptor(tracing)
                .build();
    }

    @Test
    void anAcknowledgedRecordHasAProducerSpanChildOfTheCurrentSpanWhoseContextTheConsumerReadsBack() throws Exception {
        TracingInterceptor<String, String> tracing = new TracingInterceptor<>(openTelemetry, CLIENT_ID);
        SpanContext upstream = SpanContext.createFromRemoteParent(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "value").build());
        RecordMetadata metadata;
        Span parent = openTelemetry
                .getTracer("test")
                .spanBuilder("handle order")
                .setParent(Context.root().with(Span.wrap(upstream)))
                .startSpan();
        try (FerryProducer<String, String> producer = producer(tracing, ProducerConfig.builder())) {
            // given a span current on the sending thread, when a keyed record is sent and acknowledged
            try (Scope ignored = parent.makeCurrent()) {
                metadata = producer.send(new ProducerRecord<>("traced", "order-1", "created"))
                        .get();
            } finally {
                parent.end();
            }
        }

        // then one PRODUCER span, child of the current one, carries the semantic conventions and the outcome
        SpanData span = producerSpan();
        assertThat(span.getName()).isEqualTo("send traced");
        assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
        assertThat(span.getTraceId()).isEqualTo(upstream.getTraceId());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.hasEnded()).isTrue();
        assertThat(span.getAttributes().asMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        AttributeKey.stringKey("messaging.system"), "kafka",
                        AttributeKey.stringKey("messaging.destination.name"), "traced",
                        AttributeKey.stringKey("messaging.operation.name"), "send",
                        AttributeKey.stringKey("messaging.operation.type"), "send",
                        AttributeKey.stringKey("messaging.client.id"), CLIENT_ID,
                        AttributeKey.stringKey("messaging.kafka.message.key"), "order-1",
                        AttributeKey.stringKey("messaging.destination.partition.id"),
                                Integer.toString(metadata.partition()),
                        AttributeKey.longKey("messaging.kafka.offset"), metadata.offset()));

        // and a kafka-clients consumer reads this span's context back from the record's headers
        ConsumerRecord<String, String> read = readBack(metadata);
        assertThat(header(read, "traceparent")).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
        assertThat(header(read, "tracestate")).isEqualTo("vendor=value");
        assertThat(tracing.spansInFlight()).isZero();
    }

    @Test
    void aRecordTheBrokerRefusesEndsItsSpanWithAnErrorStatusAndTheException() {
        // given a topic whose max.message.bytes is 1000, and a producer that allows larger requests
        TracingInterceptor<String, String> tracing = new TracingInterceptor<>(openTelemetry, CLIENT_ID);
        try (FerryProducer<String, String> producer = producer(tracing, ProducerConfig.builder())) {
            // when a 4000-byte record goes there
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small-messages", "big", "x".repeat(4000)))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }

        // then its span ended in error on the partition, with the exception and no offset
        SpanData span = producerSpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).startsWith("MESSAGE_TOO_LARGE (10)");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo(RecordTooLargeException.class.getName());
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id")))
                .isEqualTo("0");
        assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset")))
                .isNull();
        assertThat(span.getEvents()).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo("exception");
            assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
                    .isEqualTo(RecordTooLargeException.class.getName());
        });
        assertThat(tracing.spansInFlight()).isZero();
    }

    @Test
    void aRecordRefusedBySendBeforeItReachesABatchLeavesNoSpanOpen() {
        // given a producer with max.request.size 1024
        TracingInterceptor<String, String> tracing = new TracingInterceptor<>(openTelemetry, CLIENT_ID);
        try (FerryProducer<String, String> producer =
                producer(tracing, ProducerConfig.builder().maxRequestSize(1024))) {
            // when send() refuses a record on the sending thread, before any batch
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("traced", "big", "x".repeat(4000)))
                            .get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            // then its span has already ended in error, before the producer closes
            assertThat(tracing.spansInFlight()).isZero();
        }
        SpanData span = producerSpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).contains("max.request.size");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id")))
                .isNull();
    }

    @Test
    void aRecordSentAgainGetsFreshHeadersAndASecondSpan() throws Exception {
        // given a record already sent once (its headers are read-only now)
        TracingInterceptor<String, String> tracing = new TracingInterceptor<>(openTelemetry, CLIENT_ID);
        ProducerRecord<String, String> record = new ProducerRecord<>("traced", "order-2", "created");
        RecordMetadata first;
        RecordMetadata second;
        try (FerryProducer<String, String> producer = producer(tracing, ProducerConfig.builder())) {
            first = producer.send(record).get();
            // when it is sent again
            second = producer.send(record).get();
        }

        // then each copy carries its own span's context, and both spans ended
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(2);
        assertThat(header(readBack(first), "traceparent")).contains(spans.get(0).getSpanId());
        assertThat(header(readBack(second), "traceparent"))
                .contains(spans.get(1).getSpanId());
        assertThat(spans.get(0).getSpanId()).isNotEqualTo(spans.get(1).getSpanId());
        assertThat(tracing.spansInFlight()).isZero();
    }

    private SpanData producerSpan() {
        List<SpanData> producerSpans = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER)
                .toList();
        assertThat(producerSpans).hasSize(1);
        return producerSpans.get(0);
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        assertThat(record.headers().headers(key)).hasSize(1);
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> readBack(RecordMetadata metadata) {
        TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, metadata.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    if (record.offset() == metadata.offset()) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No record at " + metadata + " within 30 s");
    }
}
