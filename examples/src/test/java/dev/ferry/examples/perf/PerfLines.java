package dev.ferry.examples.perf;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines ferry-perf prints, as a reader of kafka-producer-perf-test output would parse them. */
final class PerfLines {
    static final Pattern WINDOW = Pattern.compile(
            "^(\\d+) records sent, (\\d+\\.\\d) records/sec \\((\\d+\\.\\d{2}) MB/sec\\), (\\d+\\.\\d) ms avg latency, "
                    + "(\\d+\\.\\d) ms max latency\\.$");
    static final Pattern TOTAL = Pattern.compile(
            "^(\\d+) records sent, (\\d+\\.\\d{6}) records/sec \\((\\d+\\.\\d{2}) MB/sec\\), (\\d+\\.\\d{2}) ms avg latency, "
                    + "(\\d+\\.\\d{2}) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.$");
    static final Pattern COMPARE =
            Pattern.compile("^compare: throughput-ratio=(\\d+\\.\\d{2}) cpu-ratio=(\\d+\\.\\d{2})$");
    static final Pattern COMPARE_WITHOUT_TOOL =
            Pattern.compile("^compare-without-tool: tool-cpu-us-per-record=(\\d+\\.\\d{3}) cpu-ratio=(\\d+\\.\\d{2})$");

    private PerfLines() {}

    static List<Matcher> matching(List<String> lines, Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::matches).toList();
    }
}
