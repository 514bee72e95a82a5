package dev.ferry.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExampleArgsTest {
    private static final ExampleArgs.Option RECORDS = new ExampleArgs.Option("records", "N", "orders to send");

    private static ExampleArgs parse(String... args) {
        return ExampleArgs.parse("ferry-test", args, RECORDS, ExampleEnvironment.BOOTSTRAP_SERVER);
    }

    @Test
    void takesValuesAfterTheOptionOrAfterAnEqualsSign() {
        ExampleArgs args = parse("--records", "1_000", "--bootstrap-server=localhost:9092");

        assertThat(args.intValue("records", 5, 1)).isEqualTo(1000);
        assertThat(args.value("bootstrap-server")).contains("localhost:9092");
        assertThat(args.helpRequested()).isFalse();
    }

    @Test
    void absentOptionsGiveTheDefault() {
        ExampleArgs args = parse();

        assertThat(args.intValue("records", 5, 1)).isEqualTo(5);
        assertThat(args.value("bootstrap-server")).isEmpty();
    }

    @Test
    void helpIsAFlagAndTheUsageListsEveryOption() {
        ExampleArgs args = parse("--help");

        assertThat(args.helpRequested()).isTrue();
        assertThat(args.usage())
                .startsWith("usage: ferry-test [options]")
                .contains("--records N", "orders to send", "--bootstrap-server HOST:PORT", "--help");
    }

    @Test
    void badCommandLinesNameTheArgument() {
        assertThatThrownBy(() -> parse("--recrods", "5"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --recrods");
        assertThatThrownBy(() -> parse("records"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'records': options start with --");
        assertThatThrownBy(() -> parse("--records"))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --records needs a value: --records N");
        assertThatThrownBy(() -> parse("--records", "many").intValue("records", 5, 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("--records must be a whole number, was 'many'");
        assertThatThrownBy(() -> parse("--records", "0").intValue("records", 5, 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("--records must be at least 1, was 0");
    }
}
