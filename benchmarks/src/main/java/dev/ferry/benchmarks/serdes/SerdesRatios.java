package dev.ferry.benchmarks.serdes;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Ferry's serdes against their floor as ratios, the goal's own measure. On a shared machine the
 * speed of the whole machine drifts between JMH forks, so each Ferry/floor pair runs back to back,
 * one fork each, in alternating order (Ferry first in even rounds, the floor first in odd ones);
 * every round gives one ratio, and the report is the mean ratio with a 95% confidence interval
 * over the rounds, its median, and the allocation per operation of both. Other processes only ever
 * add time, so next to the ratio of the forks' averages stands the ratio of their best one-second
 * iterations, the cost with the least interference.
 *
 * <pre>{@code flock /tmp/ferry-mvn.lock benchmarks/bin/run-jmh --serdes-ratios 8}   (rounds, then optionally a regex of pairs)</pre>
 */
public final class SerdesRatios {

    private static final String FERRY = "Ferry";
    private static final String FLOOR = "Floor";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private SerdesRatios() {}

    private record Pair(
            String name,
            List<Double> ratios,
            List<Double> bestRatios,
            List<Double> ferryAllocation,
            List<Double> floorAllocation) {
        Pair(String name) {
            this(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** A fork's average and best iteration (ns/op) and its allocation (B/op). */
    private record Measured(double nanos, double bestNanos, double bytes) {}

    /**
     * @param args rounds (default 6), then a regex selecting pairs by name, such as {@code Serialize}
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Pattern selected = Pattern.compile(args.length > 1 ? args[1] : ".*");
        Map<String, Pair> pairs = new TreeMap<>();
        for (Method method : SerdesBenchmark.class.getMethods()) {
            String name = method.getName();
            if (method.isAnnotationPresent(Benchmark.class)
                    && name.endsWith(FERRY)
                    && selected.matcher(name).find()) {
                String pair = name.substring(0, name.length() - FERRY.length());
                pairs.put(pair, new Pair(pair));
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no benchmark pair of SerdesBenchmark matches '" + selected + "'");
        }
        for (int round = 0; round < rounds; round++) {
            for (Pair pair : pairs.values()) {
                boolean ferryFirst = round % 2 == 0;
                Measured first = run(pair.name() + (ferryFirst ? FERRY : FLOOR));
                Measured second = run(pair.name() + (ferryFirst ? FLOOR : FERRY));
                Measured ferry = ferryFirst ? first : second;
                Measured floor = ferryFirst ? second : first;
                pair.ratios().add(ferry.nanos() / floor.nanos());
                pair.bestRatios().add(ferry.bestNanos() / floor.bestNanos());
                pair.ferryAllocation().add(ferry.bytes());
                pair.floorAllocation().add(floor.bytes());
            }
        }
        report(System.out, rounds, pairs);
    }

    private static Measured run(String benchmark) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(SerdesBenchmark.class.getName() + "." + benchmark) + "$")
                .forks(1)
                .addProfiler(GCProfiler.class)
                .build();
        RunResult result = new Runner(options).runSingle();
        Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
        double best = Double.POSITIVE_INFINITY;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                best = Math.min(best, iteration.getPrimaryResult().getScore());
            }
        }
        return new Measured(
                result.getPrimaryResult().getScore(), best, allocation == null ? Double.NaN : allocation.getScore());
    }

    private static void report(PrintStream out, int rounds, Map<String, Pair> pairs) {
        out.printf(
                Locale.ROOT,
                "%nSerdes vs floor, %d rounds of one fork each; time ratios Ferry/floor as "
                        + "mean ± 95%% confidence interval, median:%n",
                rounds);
        out.printf(
                Locale.ROOT,
                "%-28s %24s %24s %12s %12s%n",
                "pair",
                "fork averages",
                "best iterations",
                "Ferry B/op",
                "floor B/op");
        for (Pair pair : pairs.values()) {
            out.printf(
                    Locale.ROOT,
                    "%-28s %24s %24s %12.1f %12.1f%n",
                    pair.name(),
                    summary(pair.ratios()),
                    summary(pair.bestRatios()),
                    mean(array(pair.ferryAllocation())),
                    mean(array(pair.floorAllocation())));
        }
    }

    private static String summary(List<Double> ratios) {
        double[] values = array(ratios);
        double mean = mean(values);
        return String.format(Locale.ROOT, "%.3f ± %.3f, %.3f", mean, halfWidth95(values, mean), median(values));
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Half the width of the 95% confidence interval of the mean (Student's t). */
    private static double halfWidth95(double[] values, double mean) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double standardError = Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length);
        return studentT975(values.length - 1) * standardError;
    }

    private static double studentT975(int degreesOfFreedom) {
        double[] table = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086
        };
        return degreesOfFreedom <= table.length ? table[degreesOfFreedom - 1] : 1.96;
    }
}
