package dev.ferry.benchmarks.serdes;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.profile.GCProfiler;
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
 * over the rounds, next to the allocation per operation of both.
 *
 * <pre>{@code flock /tmp/ferry-mvn.lock benchmarks/bin/run-jmh --serdes-ratios 8}   (rounds, then optionally a regex of pairs)</pre>
 */
public final class SerdesRatios {

    private static final String FERRY = "Ferry";
    private static final String FLOOR = "Floor";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private SerdesRatios() {
    }

    private record Pair(String name, List<Double> ratios, List<Double> ferryAllocation, List<Double> floorAllocation) {
        Pair(String name) {
            this(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private record Measured(double nanos, double bytes) {
    }

    /**
     * @param args rounds (default 6), then a regex selecting pairs by name, such as {@code Serialize}
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Pattern selected = Pattern.compile(args.length > 1 ? args[1] : ".*");
        Map<String, Pair> pairs = new TreeMap<>();
        for (Method method : SerdesBenchmark.class.getMethods()) {
            String name = method.getName();
            if (method.isAnnotationPresent(Benchmark.class) && name.endsWith(FERRY)
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
        return new Measured(result.getPrimaryResult().getScore(), allocation == null ? Double.NaN : allocation.getScore());
    }

    private static void report(PrintStream out, int rounds, Map<String, Pair> pairs) {
        out.printf(Locale.ROOT, "%nSerdes vs floor, %d rounds of one fork each (mean ratio, 95%% confidence interval):%n", rounds);
        out.printf(Locale.ROOT, "%-28s %18s %14s %14s %14s%n", "pair", "time Ferry/floor", "min..max",
                "Ferry B/op", "floor B/op");
        for (Pair pair : pairs.values()) {
            double[] ratios = pair.ratios().stream().mapToDouble(Double::doubleValue).toArray();
            double mean = mean(ratios);
            out.printf(Locale.ROOT, "%-28s %10.3f ± %5.3f %6.3f..%5.3f %14.1f %14.1f%n", pair.name(), mean,
                    halfWidth95(ratios, mean), min(ratios), max(ratios),
                    mean(pair.ferryAllocation().stream().mapToDouble(Double::doubleValue).toArray()),
                    mean(pair.floorAllocation().stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
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
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
            2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086};
        return degreesOfFreedom <= table.length ? table[degreesOfFreedom - 1] : 1.96;
    }
}
