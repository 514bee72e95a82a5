package dev.ferry.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleCommandTest {
    private static final ExampleArgs.Option RECORDS = new ExampleArgs.Option("records", "N", "orders to send");
    private static final ExampleCommand COMMAND = new ExampleCommand("ferry-test", RECORDS);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final List<Integer> ran = new ArrayList<>();

    private int run(String... args) {
        return COMMAND.run(args, out, options -> options.intValue(RECORDS.name(), 5, 1), (options, records) -> {
            ran.add(records);
            return records == 13 ? 1 : 0;
        });
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theBodyGetsTheSettingsAndItsExitCodeIsTheCommands() {
        assertThat(run("--records", "7", "--bootstrap-server", "localhost:9092"))
                .isZero();
        assertThat(run("--records", "13")).isEqualTo(1);
        assertThat(run()).isZero();

        assertThat(ran).containsExactly(7, 13, 5);
        assertThat(output()).isEmpty();
    }

    @Test
    void anUnknownOptionPrintsTheReasonAndTheUsageWithTheEnvironmentsOptionsAndExits2() {
        assertThat(run("--nope", "1")).isEqualTo(2);

        assertThat(ran).isEmpty();
        assertThat(output())
                .startsWith("ferry-test: unknown option --nope\nusage: ferry-test [options]\n")
                .contains("--records N", "--bootstrap-server HOST:PORT", "--registry-url URL", "--config FILE");
    }

    @Test
    void aBadSettingIsAUsageErrorEvenWithHelp() {
        assertThat(run("--help", "--records", "0")).isEqualTo(2);

        assertThat(ran).isEmpty();
        assertThat(output()).startsWith("ferry-test: --records must be at least 1, was 0\nusage: ferry-test");
    }

    @Test
    void helpPrintsOnlyTheUsageAndExits0() {
        assertThat(run("--help")).isZero();

        assertThat(ran).isEmpty();
        assertThat(output()).startsWith("usage: ferry-test [options]\n").doesNotContain("ferry-test:");
    }

    @Test
    void aFailureOfTheBodyIsReportedWithItsExceptionAndExits1() {
        int code = COMMAND.run(new String[0], out, options -> {
            throw new IllegalStateException("broker gone");
        });

        assertThat(code).isEqualTo(1);
        assertThat(output()).isEqualTo("ferry-test: failed: java.lang.IllegalStateException: broker gone\n");
    }
}
