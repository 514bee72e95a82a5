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
