package dev.ferry.examples.quickstart;

import java.util.Optional;

/**
 * What one format's round trip measured and found.
 *
 * @param format       avro or protobuf
 * @param topic        the topic written and read
 * @param subject      the registry subject of the values
 * @param schemaId     the subject's latest schema id after the run
 * @param records      records sent
 * @param failedSends  records whose send failed
 * @param firstFailure why the first failed send failed
 * @param sendSeconds  from the first send to the last acknowledgement
 * @param p50Millis    median send latency (send() to acknowledgement)
 * @param p99Millis    99th percentile send latency
 * @param averageBytes average serialized key plus value size, as read back
 * @param verdict      the comparison of what was read with what was sent
 */
record RoundTripResult(
        String format,
        String topic,
        String subject,
        int schemaId,
        int records,
        int failedSends,
        Optional<String> firstFailure,
        double sendSeconds,
        double p50Millis,
        double p99Millis,
        double averageBytes,
        ReadBackCheck.Verdict verdict) {

    boolean ok() {
        return failedSends == 0 && verdict.acknowledged() == records && verdict.clean();
    }

    double recordsPerSecond() {
        return sendSeconds > 0 ? verdict.acknowledged() / sendSeconds : 0;
    }
}
