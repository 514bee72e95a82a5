/**
 * OpenTelemetry for Ferry's producer: {@link dev.ferry.opentelemetry.TracingInterceptor} records a
 * PRODUCER span per record, following the messaging semantic conventions for Kafka, and injects
 * its W3C trace context ({@code traceparent}, {@code tracestate}) into the record's headers.
 */
package dev.ferry.opentelemetry;
