package dev.ferry.examples.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code --compare N}: runs both clients N times each against one broker, alternating which goes
 * first, every run in a JVM of its own (same java, JVM options and class path as this one), after an
 * unmeasured warm-up run of each that brings the broker's JIT up to speed. Every round also runs the
 * tool alone ({@code --client null}), because the client JVM's CPU includes the tool's own (making each
 * record's payload, its callback, the statistics), the same for both clients, which pulls any ratio of
 * whole-JVM CPU towards 1. Ends with the medians, {@code compare-without-tool: tool-cpu-us-per-record=T
 * cpu-ratio=C} (the ratio of the clients' CPU per record less the tool's) and, last, {@code compare:
 * throughput-ratio=R cpu-ratio=C}, Ferry over kafka-clients, whole JVMs; cpu-ratio compares CPU per
 * record, so below 1 means Ferry spends less.
 */
record Comparison(PerfOptions options, PrintStream out) {

    /** Returns true when every measured record of every run was acknowledged. */
    boolean run(String bootstrap) {
        if (options.compareWarmupRecords() > 0) {
            for (PerfClient client : List.of(PerfClient.KAFKA_CLIENTS, PerfClient.FERRY)) {
                out.printf(
                        "warm-up: %s, %d records (not counted)%n", client.flagValue(), options.compareWarmupRecords());
                runChild(client, options.compareWarmupRecords(), bootstrap);
            }
        }
        Map<PerfClient, List<RunResult>> results = new EnumMap<>(PerfClient.class);
        boolean allAcknowledged = true;
        for (int round = 1; round <= options.compareRuns(); round++) {
            List<PerfClient> order = round % 2 == 1
                    ? List.of(PerfClient.FERRY, PerfClient.KAFKA_CLIENTS, PerfClient.NULL)
                    : List.of(PerfClient.KAFKA_CLIENTS, PerfClient.FERRY, PerfClient.NULL);
            for (PerfClient client : order) {
                out.printf("run %d/%d: %s%n", round, options.compareRuns(), client.flagValue());
                RunResult result = runChild(client, options.numRecords(), bootstrap);
                results.computeIfAbsent(client, c -> new ArrayList<>()).add(result);
                allAcknowledged &= result.failed() == 0 && result.acknowledged() == result.records();
            }
        }
        printSummary(results);
        return allAcknowledged;
    }

    private void printSummary(Map<PerfClient, List<RunResult>> results) {
        for (PerfClient client : List.of(PerfClient.FERRY, PerfClient.KAFKA_CLIENTS, PerfClient.NULL)) {
            List<RunResult> runs = results.get(client);
            out.printf(
                    Locale.ROOT,
                    "%s: median of %d runs: %.1f records/sec, %.3f us CPU/record, %.1f B allocated/record, "
                            + "%.0f ms 50th, %.0f ms 99th%n",
                    client.flagValue(),
                    runs.size(),
                    median(runs, RunResult::recordsPerSec),
                    median(runs, RunResult::cpuMicrosPerRecord),
                    median(runs, RunResult::allocatedBytesPerRecord),
                    median(runs, RunResult::p50Ms),
                    median(runs, RunResult::p99Ms));
        }
        List<RunResult> ferry = results.get(PerfClient.FERRY);
        List<RunResult> kafka = results.get(PerfClient.KAFKA_CLIENTS);
        double ferryCpu = median(ferry, RunResult::cpuMicrosPerRecord);
        double kafkaCpu = median(kafka, RunResult::cpuMicrosPerRecord);
        double toolCpu = median(results.get(PerfClient.NULL), RunResult::cpuMicrosPerRecord);
        out.printf(
                Locale.ROOT,
                "compare-without-tool: tool-cpu-us-per-record=%.3f cpu-ratio=%s%n",
                toolCpu,
                kafkaCpu > toolCpu
                        ? String.format(Locale.ROOT, "%.2f", (ferryCpu - toolCpu) / (kafkaCpu - toolCpu))
                        : "n/a");
        out.printf(
                Locale.ROOT,
                "compare: throughput-ratio=%.2f cpu-ratio=%.2f%n",
                median(ferry, RunResult::recordsPerSec) / median(kafka, RunResult::recordsPerSec),
                ferryCpu / kafkaCpu);
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** Runs one client in a child JVM, echoing its lines, and returns the result line it printed. */
    private RunResult runChild(PerfClient client, long records, String bootstrap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> !argument.startsWith("-agentlib:jdwp"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerryPerf.class.getName()));
        command.addAll(options.childArguments(client, records, bootstrap));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().close();
            RunResult result = null;
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(line);
                    RunResult parsed = RunResult.parse(line);
                    if (parsed != null) {
                        result = parsed;
                    }
                }
            }
            int exit = process.waitFor();
            if (result == null) {
                throw new IllegalStateException("the " + client.flagValue() + " run exited with code " + exit
                        + " without a result line; its errors are above");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + client.flagValue() + " in a child JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + client.flagValue() + " run", e);
        }
    }
}
