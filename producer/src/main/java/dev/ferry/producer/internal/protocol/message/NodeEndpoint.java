package dev.ferry.producer.internal.protocol.message;

/** A broker's address as Metadata and Produce responses give it; {@code rack} may be null. */
public record NodeEndpoint(int nodeId, String host, int port, String rack) {}
