package dev.ferry.examples.perf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run measured, printed as one {@code ferry-perf result:} line that a comparison reads back
 * from its child JVMs.
 *
 * @param cpuNanos            CPU time of the whole client JVM (all threads, JIT and GC included)
 * @param allocatedBytesPerRecord heap allocated by all threads per record in the middle 60 % of the
 *                            sends (steady state), harness included; -1 when the JVM cannot tell
 * @param p50Ms               median latency from send to acknowledgement
 * @param p99Ms               99th percentile of that latency
 */
record RunResult(
        PerfClient client,
        long records,
        long acknowledged,
        long failed,
        double recordsPerSec,
        long cpuNanos,
        double allocatedBytesPerRecord,
        int p50Ms,
        int p99Ms) {
    static final String PREFIX = "ferry-perf result:";
    private static final Pattern FIELD = Pattern.compile("([a-z0-9-]+)=(\\S+)");

    /** Client CPU per acknowledged record, in microseconds. */
    double cpuMicrosPerRecord() {
        return acknowledged == 0 ? Double.NaN : cpuNanos / 1000.0 / acknowledged;
    }

    String toLine() {
        return String.format(
                Locale.ROOT,
                "%s client=%s records=%d acked=%d failed=%d records-per-sec=%.1f cpu-ms=%d "
                        + "cpu-us-per-record=%.3f alloc-bytes-per-record=%.1f p50-ms=%d p99-ms=%d",
                PREFIX,
                client.flagValue(),
                records,
                acknowledged,
                failed,
                recordsPerSec,
                cpuNanos / 1_000_000,
                cpuMicrosPerRecord(),
                allocatedBytesPerRecord,
                p50Ms,
                p99Ms);
    }

    /** Reads a line written by {@link #toLine()}; null for any other line. */
    static RunResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = FIELD.matcher(line.substring(PREFIX.length()));
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        try {
            return new RunResult(
                    PerfClient.named(fields.get("client")),
                    Long.parseLong(fields.get("records")),
                    Long.parseLong(fields.get("acked")),
                    Long.parseLong(fields.get("failed")),
                    Double.parseDouble(fields.get("records-per-sec")),
                    Long.parseLong(fields.get("cpu-ms")) * 1_000_000,
                    Double.parseDouble(fields.get("alloc-bytes-per-record")),
                    Integer.parseInt(fields.get("p50-ms")),
                    Integer.parseInt(fields.get("p99-ms")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("malformed result line from a child run: " + line, e);
        }
    }
}
