package dev.ferry.producer.internal.network;

/** A request written (or being written) to a broker and not yet answered. */
record InFlightRequest(int correlationId, boolean expectResponse, long deadlineMs, ResponseHandler handler) {}
