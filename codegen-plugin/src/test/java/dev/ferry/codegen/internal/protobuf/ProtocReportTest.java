package dev.ferry.codegen.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.codegen.internal.SchemaProblem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProtocReportTest {

    @Test
    void sortsProtocOutputIntoErrorsWarningsAndOtherLines() {
        String output = """
        google/protobuf/nothing.proto: File not found.
        /p/src/order.proto:4:1: Import "google/protobuf/nothing.proto" was not found or had errors.
        /p/src/bad.proto:7:3: "Nope" is not defined.
        /p/src/money.proto:3:1: warning: Import google/protobuf/timestamp.proto is unused.
        Could not make proto path relative: missing.proto: No such file or directory
        """;

        ProtocReport report =
                ProtocReport.parse(output, printed -> Path.of("/p/src").resolve(printed));

        assertThat(report.errors())
                .containsExactly(
                        new SchemaProblem(Path.of("/p/src/google/protobuf/nothing.proto"), 0, 0, "File not found."),
                        new SchemaProblem(
                                Path.of("/p/src/order.proto"),
                                4,
                                1,
                                "Import \"google/protobuf/nothing.proto\" was not found or had errors."),
                        new SchemaProblem(Path.of("/p/src/bad.proto"), 7, 3, "\"Nope\" is not defined."));
        assertThat(report.warnings())
                .containsExactly("/p/src/money.proto:3:1: warning: Import google/protobuf/timestamp.proto is unused.");
        assertThat(report.otherLines())
                .containsExactly("Could not make proto path relative: missing.proto: No such file or directory");
    }
}
