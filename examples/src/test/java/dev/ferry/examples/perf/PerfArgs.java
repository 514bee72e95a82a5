package dev.ferry.examples.perf;

import java.util.ArrayList;
import java.util.List;

/** The command line of ferry-perf's required options, as the tests give it, followed by others. */
final class PerfArgs {
    private PerfArgs() {}

    static List<String> of(String topic, int records, int recordSize, int throughput, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                Integer.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                Integer.toString(throughput)));
        args.addAll(List.of(more));
        return args;
    }
}
