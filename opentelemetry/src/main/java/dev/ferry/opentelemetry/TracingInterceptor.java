package dev.ferry.opentelemetry;

import dev.ferry.common.Headers;
import dev.ferry.producer.KafkaError;
import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traces every record a {@code FerryProducer} sends: a PRODUCER span per record, named
 * {@code send <topic>} with the messaging semantic conventions for Kafka, whose context is
 * injected into the record's headers (W3C {@code traceparent} and {@code tracestate} with the
 * default propagator), so a consumer continues the trace. The span starts in {@code onSend}, as a
 * child of the context current on the sending thread, and ends when the record is acknowledged
 * ({@code messaging.destination.partition.id}, {@code messaging.kafka.offset}) or fails (error
 * status, the exception recorded, {@code error.type}).
 *
 * <pre>{@code
 * // from configuration: uses GlobalOpenTelemetry, set it before the producer is created
 * interceptor.classes=dev.ferry.opentelemetry.TracingInterceptor
 *
 * // in code: an OpenTelemetry instance of your own
 * FerryProducer.<String, Order>builder(config)
 *         .interceptor(new TracingInterceptor<>(openTelemetry, "orders-service"))
 *         ...
 * }</pre>
 *
 * <p>The span of a record is found again at its acknowledgement by the identity of the record's
 * {@link Headers} object, which the producer hands to {@code onAcknowledgement}: interceptors
 * configured after this one may add headers but must not replace the headers object. A record
 * whose headers are already read-only (sent before) is sent as a copy with fresh headers. Every
 * record's span ends exactly once, also when {@code send()} itself fails; spans still open when
 * the producer closes are ended with an error status.
 *
 * <p>Thread safety: thread-safe; {@code onSend} runs on the sending threads, the acknowledgement on
 * the producer's I/O thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TracingInterceptor<K, V> implements ProducerInterceptor<K, V> {
    static final String INSTRUMENTATION_NAME = "dev.ferry.opentelemetry";

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION_NAME = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
    private static final AttributeKey<String> PARTITION_ID =
            AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<Boolean> TOMBSTONE = AttributeKey.booleanKey("messaging.kafka.message.tombstone");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** Replaces rather than adds, so a forwarded record carries this span's context, not its upstream's. */
    private static final TextMapSetter<Headers> HEADER_SETTER =
            (headers, key, value) -> headers.remove(key).add(key, value);

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /** Spans of the records sent and not yet acknowledged, by the identity of their headers. */
    private final Map<HeadersIdentity, Span> inFlight = new ConcurrentHashMap<>();
    /** Written once by {@link #configure} before any record, read by the sending threads. */
    private volatile String clientId;

    /** For {@code interceptor.classes}: traces with {@link GlobalOpenTelemetry}, the {@code client.id} from the configuration. */
    public TracingInterceptor() {
        this(GlobalOpenTelemetry.get(), null);
    }

    /**
     * Traces with the given OpenTelemetry's tracer and propagator.
     *
     * @param openTelemetry the tracer provider and propagators to use
     * @param clientId      the producer's {@code client.id} for {@code messaging.client.id}, or null to leave it out
     */
    public TracingInterceptor(OpenTelemetry openTelemetry, String clientId) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.clientId = clientId;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get("client.id");
        if (configured != null && !configured.toString().isEmpty()) {
            clientId = configured.toString();
        }
    }

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        Context parent = Context.current();
        Span span = spanBuilder(record, parent).startSpan();
        try {
            ProducerRecord<K, V> traced = record.headers().isReadOnly() ? withFreshHeaders(record) : record;
            propagator.inject(parent.with(span), traced.headers(), HEADER_SETTER);
            inFlight.put(new HeadersIdentity(traced.headers()), span);
            return traced;
        } catch (RuntimeException e) {
            // The producer sends the record untraced after a failing onSend: the span must not stay open.
            fail(span, e);
            span.end();
            throw e;
        }
    }

    private SpanBuilder spanBuilder(ProducerRecord<K, V> record, Context parent) {
        SpanBuilder builder = tracer.spanBuilder("send " + record.topic())
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION_NAME, record.topic())
                .setAttribute(OPERATION_NAME, "send")
                .setAttribute(OPERATION_TYPE, "send");
        String id = clientId;
        if (id != null) {
            builder.setAttribute(CLIENT_ID, id);
        }
        if (record.partition() != null) {
            builder.setAttribute(PARTITION_ID, record.partition().toString());
        }
        if (record.key() instanceof String key) {
            builder.setAttribute(MESSAGE_KEY, key);
        }
        if (record.value() == null) {
            builder.setAttribute(TOMBSTONE, true);
        }
        return builder;
    }

    private static <K, V> ProducerRecord<K, V> withFreshHeaders(ProducerRecord<K, V> record) {
        return new ProducerRecord<>(
                record.topic(),
                record.partition(),
                record.timestamp(),
                record.key(),
                record.value(),
                new Headers(record.headers()));
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        Span span = headers == null ? null : inFlight.remove(new HeadersIdentity(headers));
        if (span == null) {
            // A record this interceptor did not trace (its onSend failed, or a later interceptor replaced the headers).
            return;
        }
        if (metadata.partition() != RecordMetadata.UNKNOWN_PARTITION) {
            span.setAttribute(PARTITION_ID, Integer.toString(metadata.partition()));
        }
        if (exception != null) {
            fail(span, exception);
        } else if (metadata.hasOffset()) {
            span.setAttribute(OFFSET, metadata.offset());
        }
        span.end();
    }

    private static void fail(Span span, Exception exception) {
        span.recordException(exception);
        span.setStatus(StatusCode.ERROR, String.valueOf(exception.getMessage()));
        span.setAttribute(
                ERROR_TYPE,
                exception instanceof KafkaError error
                        ? error.errorName()
                        : exception.getClass().getName());
    }

    /** Ends the spans of records the producer never reported on, so that none stays open after close. */
    @Override
    public void close() {
        for (Map.Entry<HeadersIdentity, Span> entry : inFlight.entrySet()) {
            if (inFlight.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().setStatus(StatusCode.ERROR, "The producer closed before the record was acknowledged");
                entry.getValue().end();
            }
        }
    }

    /** Spans not yet ended, for tests that check nothing leaks. */
    int spansInFlight() {
        return inFlight.size();
    }

    /** Headers compared by identity: their own equals compares contents, which change while interceptors add to them. */
    private record HeadersIdentity(Headers headers) {
        @Override
        public boolean equals(Object o) {
            return o instanceof HeadersIdentity other && other.headers == headers;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(headers);
        }
    }
}
