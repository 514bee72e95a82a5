package dev.ferry.producer.internal.network;

/**
 * Why a request has no response. Both kinds leave the broker's side unknown: the request may or
 * may not have been applied, which is what idempotence exists for.
 */
public record RequestFailure(Kind kind, int nodeId, String detail) {

    public enum Kind {
        /** The connection closed or could not be established. */
        DISCONNECTED,
        /** No response within request.timeout.ms; the connection is closed as kafka-clients does. */
        TIMED_OUT
    }

    public String describe() {
        return switch (kind) {
            case DISCONNECTED -> "connection to node " + nodeId + " lost: " + detail;
            case TIMED_OUT -> "no response from node " + nodeId + " within " + detail;
        };
    }
}
