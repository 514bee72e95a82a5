package dev.ferry.examples.evolution;

import dev.ferry.examples.internal.ExampleCommand;
import dev.ferry.examples.internal.ExampleEnvironment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * OrderEvent v1 and v2 reading each other's records ({@code examples/bin/ferry-evolution}). v2 adds
 * the field {@code channel}: in Avro with the default {@code "web"}, in Protobuf as an
 * {@code optional} field. Each format's producers write one record with v1 and one with v2 to a
 * topic; then both are read with v1 and with v2, and every read is compared with what was written.
 * Exits 0 when every check holds, 1 otherwise, 2 on a bad command line.
 */
public final class SchemaEvolution {
    private static final ExampleCommand COMMAND = new ExampleCommand("ferry-evolution");

    private SchemaEvolution() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the example as the command line asks; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        return COMMAND.run(args, out, options -> {
            try (ExampleEnvironment env = ExampleEnvironment.open("evolution", options)) {
                out.println("Ferry schema evolution: OrderEvent v1 and v2 (v2 adds channel) read each other's records");
                out.println("  broker    " + env.describeBroker());
                out.println("  registry  " + env.describeRegistry());
                List<Check> checks = execute(env, out);
                long failed = checks.stream().filter(check -> !check.passed()).count();
                out.println();
                out.println(
                        failed == 0
                                ? "OK: all " + checks.size() + " reads match what was written."
                                : "FAILED: " + failed + " of " + checks.size()
                                        + " reads differ from what was written.");
                return failed == 0 ? 0 : 1;
            }
        });
    }

    static List<Check> execute(ExampleEnvironment env, PrintStream out) {
        List<Check> checks = new ArrayList<>();
        out.println();
        checks.addAll(AvroEvolution.run(env, out));
        out.println();
        checks.addAll(ProtobufEvolution.run(env, out));
        return checks;
    }

    /**
     * One read compared with what was written.
     *
     * @param description what was read with what, and what it showed
     * @param passed      whether it matched
     */
    record Check(String description, boolean passed) {
        void print(PrintStream out) {
            out.printf("  %-4s %s%n", passed ? "ok" : "FAIL", description);
        }
    }
}
