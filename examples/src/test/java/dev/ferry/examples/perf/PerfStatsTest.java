package dev.ferry.examples.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class PerfStatsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PerfStats stats = new PerfStats(1000, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsAWindowLineOnceFiveSecondsHavePassed() {
        long now = System.currentTimeMillis();
        stats.record(3, 100, now);
        stats.record(7, 100, now + 5_000);

        List<Matcher> windows = PerfLines.matching(lines(), PerfLines.WINDOW);

        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).group(1)).isEqualTo("2");
        assertThat(windows.get(0).group(4)).isEqualTo("5.0");
        assertThat(windows.get(0).group(5)).isEqualTo("7.0");
    }

    @Test
    void withACpuClockEveryWindowLineIsFollowedByItsCpuPerRecordAndCompilationTime() {
        long[] cpuNs = {2_000_000_000L};
        long[] compileMs = {700};
        PerfStats.CpuClock clock = new PerfStats.CpuClock() {
            @Override
            public long processCpuNanos() {
                return cpuNs[0];
            }

            @Override
            public long compilationMillis() {
                return compileMs[0];
            }
        };
        PerfStats withCpu = new PerfStats(1000, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            withCpu.record(1, 100, now);
        }
        cpuNs[0] += 4_500; // 4 records in the first window: 1.125 us each
        compileMs[0] += 250;
        withCpu.record(1, 100, now + 5_000);
        withCpu.record(1, 100, now + 6_000);
        cpuNs[0] += 1_000; // 2 records in the second: 0.5 us each, nothing compiled
        withCpu.record(1, 100, now + 10_000);

        List<String> lines = lines();

        assertThat(PerfLines.matching(lines, PerfLines.WINDOW)).hasSize(2);
        assertThat(lines)
                .filteredOn(line -> line.startsWith("window-cpu:"))
                .containsExactly(
                        "window-cpu: records=4 cpu-us-per-record=1.125 compile-ms=250",
                        "window-cpu: records=2 cpu-us-per-record=0.500 compile-ms=0");
        assertThat(lines.get(lines.indexOf("window-cpu: records=4 cpu-us-per-record=1.125 compile-ms=250") - 1))
                .as("the window line it belongs to")
                .startsWith("4 records sent");
    }

    @Test
    void withoutACpuClockThereAreOnlyKafkasLines() {
        long now = System.currentTimeMillis();
        stats.record(3, 100, now);
        stats.record(7, 100, now + 5_000);

        assertThat(lines()).noneMatch(line -> line.startsWith("window-cpu:"));
    }

    @Test
    void totalLineHasCountLatenciesAndPercentilesOfTheSample() {
        long now = System.currentTimeMillis();
        for (int latency = 1; latency <= 1000; latency++) {
            stats.record(latency, 10, now);
        }

        stats.printTotal();

        List<Matcher> totals = PerfLines.matching(lines(), PerfLines.TOTAL);
        assertThat(totals).hasSize(1);
        Matcher total = totals.get(0);
        assertThat(total.group(1)).isEqualTo("1000");
        assertThat(total.group(4)).isEqualTo("500.50");
        assertThat(total.group(5)).isEqualTo("1000.00");
        assertThat(List.of(total.group(6), total.group(7), total.group(8), total.group(9)))
                .containsExactly("501", "951", "991", "1000");
    }

    @Test
    void failuresAreCountedApartFromAcknowledgements() {
        stats.record(1, 10, System.currentTimeMillis());
        stats.failed(new IllegalStateException("broker said no"));
        stats.failed(new IllegalStateException("again"));

        assertThat(stats.acknowledged()).isEqualTo(1);
        assertThat(stats.failedCount()).isEqualTo(2);
        assertThat(stats.firstError()).hasMessage("broker said no");
    }
}
