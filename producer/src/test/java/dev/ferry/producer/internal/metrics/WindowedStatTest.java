package dev.ferry.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/** Rates, averages and maxima equal kafka-clients' own sensors, read at the same (fake) times. */
class WindowedStatTest {
    private static final long WINDOW = 30_000;

    /** A kafka-clients clock the test moves by hand. */
    private static final class FakeTime implements Time {
        long nowMs;

        @Override
        public long milliseconds() {
            return nowMs;
        }

        @Override
        public long nanoseconds() {
            return TimeUnit.MILLISECONDS.toNanos(nowMs);
        }

        @Override
        public void sleep(long ms) {
            nowMs += ms;
        }
    }

    @Test
    void matchesKafkaClientsSensorsOverRollingWindows() {
        // given kafka-clients' sensor with the producer's defaults (2 samples of 30 s) and ours
        FakeTime time = new FakeTime();
        try (Metrics metrics =
                new Metrics(new MetricConfig().samples(2).timeWindow(WINDOW, TimeUnit.MILLISECONDS), time)) {
            Sensor sensor = metrics.sensor("s");
            sensor.add(metrics.metricName("rate", "g"), new Rate());
            sensor.add(metrics.metricName("avg", "g"), new Avg());
            sensor.add(metrics.metricName("max", "g"), new Max());
            WindowedStat ours = new WindowedStat(WINDOW, 2);
            // values recorded at these times; each window's first value falls on its start, where
            // kafka-clients starts its samples too
            long[][] events = {
                {0, 5},
                {5_000, 7},
                {29_999, 1},
                {30_000, 10},
                {31_000, 2},
                {60_000, 4},
                {61_000, 100},
                {90_000, 3},
                {100_000, 8},
                {180_000, 6}
            };
            long[] readTimes = {
                1, 10_000, 29_999, 30_000, 45_000, 59_999, 60_000, 75_000, 95_000, 119_999, 150_000, 175_000, 185_000,
                250_000
            };
            int next = 0;

            for (long read : readTimes) {
                // when
                while (next < events.length && events[next][0] <= read) {
                    time.nowMs = events[next][0];
                    sensor.record(events[next][1]);
                    ours.record(events[next][1], events[next][0]);
                    next++;
                }
                time.nowMs = read;

                // then
                assertSame("rate at " + read, ours.rate(read), value(metrics, "rate"));
                assertSame("avg at " + read, ours.avg(read), value(metrics, "avg"));
                assertSame("max at " + read, ours.max(read), value(metrics, "max"));
            }
        }
    }

    private static double value(Metrics metrics, String name) {
        return (Double) metrics.metric(metrics.metricName(name, "g")).metricValue();
    }

    private static void assertSame(String what, double ours, double theirs) {
        if (Double.isNaN(theirs)) {
            assertThat(ours).as(what).isNaN();
        } else {
            assertThat(ours).as(what).isCloseTo(theirs, within(1e-9));
        }
    }

    @Test
    void concurrentRecordingLosesNothingWithinOneWindow() throws Exception {
        // given
        WindowedStat stat = new WindowedStat(WINDOW, 2);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            // when 4 threads record 100k values each inside one window
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        stat.record(1, 1_000);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        // then: 400k over the padded 30 s
        assertThat(stat.rate(1_000)).isCloseTo(400_000 / 31.0, within(1e-6));
        assertThat(stat.avg(1_000)).isEqualTo(1.0);
    }

    @Test
    void valuesRecordedTogetherReadAsKafkaClientsSensorRecordingThemOneByOne() {
        // given kafka-clients' sensor, and ours fed per group (a batch's records: count, sum, max)
        FakeTime time = new FakeTime();
        try (Metrics metrics =
                new Metrics(new MetricConfig().samples(2).timeWindow(WINDOW, TimeUnit.MILLISECONDS), time)) {
            Sensor sensor = metrics.sensor("s");
            sensor.add(metrics.metricName("avg", "g"), new Avg());
            sensor.add(metrics.metricName("max", "g"), new Max());
            WindowedStat ours = new WindowedStat(WINDOW, 2);
            long[] times = {0, 20_000, 30_000, 70_000, 200_000};
            long[][] groups = {{120, 95, 300}, {87}, {1_000, 1_000}, {5, 64, 64, 2}, {33}};

            for (int g = 0; g < groups.length; g++) {
                // when
                time.nowMs = times[g];
                long sum = 0;
                long max = Long.MIN_VALUE;
                for (long value : groups[g]) {
                    sensor.record(value);
                    sum += value;
                    max = Math.max(max, value);
                }
                ours.recordAll(groups[g].length, sum, max, times[g]);

                // then
                assertSame("avg at " + times[g], ours.avg(times[g]), value(metrics, "avg"));
                assertSame("max at " + times[g], ours.max(times[g]), value(metrics, "max"));
            }
            assertThat(ours.total()).isEqualTo(120 + 95 + 300 + 87 + 2_000 + 5 + 64 + 64 + 2 + 33);
        }
    }
}
