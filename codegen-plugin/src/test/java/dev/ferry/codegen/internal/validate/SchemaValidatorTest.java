package dev.ferry.codegen.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.avro.AvroBackend;
import dev.ferry.codegen.internal.avro.AvroOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaValidatorTest {
    @TempDir
    Path dir;

    @Test
    void countsValidSchemasOfEveryBackend() throws Exception {
        SchemaValidator validator = validator(
                "{\"type\": \"enum\", \"name\": \"A\", \"symbols\": [\"X\"]}",
                "{\"type\": \"fixed\", \"name\": \"B\", \"size\": 4}");

        assertThat(validator.validate()).isEqualTo(2);
    }

    @Test
    void reportsProblemsOfAllBackendsTogether() throws Exception {
        SchemaValidator validator = validator(
                "{\"type\": \"enum\", \"name\": \"A\", \"symbols\": [\"X\", \"X\"]}",
                "{\"type\": \"fixed\", \"name\": \"B\"}");

        assertThatThrownBy(validator::validate)
                .isInstanceOfSatisfying(SchemaProblemsException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.file().getFileName().toString())
                        .containsExactly("a.avsc", "b.avsc"));
    }

    /** A validator over two source roots, main holding a.avsc and test holding b.avsc. */
    private SchemaValidator validator(String mainSchema, String testSchema) throws IOException {
        Path main = Files.createDirectories(dir.resolve("main"));
        Path test = Files.createDirectories(dir.resolve("test"));
        Files.writeString(main.resolve("a.avsc"), mainSchema);
        Files.writeString(test.resolve("b.avsc"), testSchema);
        ClassLoader loader = getClass().getClassLoader();
        return new SchemaValidator(List.of(
                new AvroBackend(main, AvroOptions.defaults(), loader),
                new AvroBackend(test, AvroOptions.defaults(), loader)));
    }
}
