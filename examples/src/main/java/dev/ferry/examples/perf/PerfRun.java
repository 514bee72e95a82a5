package dev.ferry.examples.perf;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Properties;

/**
 * One measured run in this JVM, the way kafka-producer-perf-test runs: a fresh payload of random
 * capital letters for every record, no key, one callback per record, then close (or flush, print
 * and close with {@code --print-metrics}).
 */
record PerfRun(PerfOptions options, PrintStream out) {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean COMPILATION = ManagementFactory.getCompilationMXBean();
    /** Compilation time is HotSpot's sum over its compiler threads' compilations, in elapsed milliseconds. */
    private static final PerfStats.CpuClock JVM_CPU = new PerfStats.CpuClock() {
        @Override
        public long processCpuNanos() {
            return OS.getProcessCpuTime();
        }

        @Override
        public long compilationMillis() {
            return COMPILATION != null && COMPILATION.isCompilationTimeMonitoringSupported()
                    ? COMPILATION.getTotalCompilationTime()
                    : 0;
        }
    };

    RunResult run(String bootstrap) {
        Properties properties = options.producerProperties();
        if (bootstrap != null) {
            properties.setProperty("bootstrap.servers", bootstrap);
        }
        PerfStats stats = new PerfStats(options.numRecords(), out, options.printWindowCpu() ? JVM_CPU : null);
        PerfProducer producer = options.client().open(properties);
        double allocatedPerRecord;
        try {
            allocatedPerRecord = sendAll(producer, stats);
        } catch (RuntimeException | Error e) {
            producer.close();
            throw e;
        }
        double recordsPerSec = finish(producer, stats);
        return new RunResult(
                options.client(),
                options.numRecords(),
                stats.acknowledged(),
                stats.failedCount(),
                recordsPerSec,
                OS.getProcessCpuTime(),
                allocatedPerRecord,
                stats.percentile(0.5),
                stats.percentile(0.99));
    }

    /** Closes the producer and prints the total line; with --print-metrics, flushes and prints metrics before closing. */
    private double finish(PerfProducer producer, PerfStats stats) {
        if (!options.printMetrics()) {
            producer.close();
            return stats.printTotal();
        }
        try {
            producer.flush();
            double recordsPerSec = stats.printTotal();
            out.println();
            producer.metrics().forEach((name, value) -> out.printf("%-80s : %s%n", name, value));
            return recordsPerSec;
        } finally {
            producer.close();
        }
    }

    /** Sends every record; returns the bytes allocated per record in the middle 60 % of the sends. */
    private double sendAll(PerfProducer producer, PerfStats stats) {
        long records = options.numRecords();
        long steadyFrom = records / 5;
        long steadyTo = records - records / 5;
        long allocatedAtStart = -1;
        long allocatedAtEnd = -1;
        byte[] payload = new byte[options.recordSize()];
        PerfPayloads payloads = new PerfPayloads();
        PayloadFile file = options.payloadFile() == null
                ? null
                : PayloadFile.read(options.payloadFile(), options.payloadDelimiter());
        Throttler throttler = new Throttler(options.throughput(), System.nanoTime());
        for (long i = 0; i < records; i++) {
            if (i == steadyFrom) {
                allocatedAtStart = allocatedBytes();
            } else if (i == steadyTo) {
                allocatedAtEnd = allocatedBytes();
            }
            if (file == null) {
                payloads.next(payload);
            } else {
                payload = file.next();
            }
            long sendStartMs = System.currentTimeMillis();
            producer.send(options.topic(), payload, new PerfCallback(sendStartMs, payload.length, stats));
            throttler.maybeThrottle(i + 1, System.nanoTime());
        }
        return allocatedAtStart < 0 || allocatedAtEnd < 0 || steadyTo == steadyFrom
                ? -1
                : (allocatedAtEnd - allocatedAtStart) / (double) (steadyTo - steadyFrom);
    }

    private static long allocatedBytes() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()
                ? THREADS.getTotalThreadAllocatedBytes()
                : -1;
    }
}
