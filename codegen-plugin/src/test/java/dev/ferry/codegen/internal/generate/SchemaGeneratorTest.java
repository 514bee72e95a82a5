package dev.ferry.codegen.internal.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.avro.AvroBackend;
import dev.ferry.codegen.internal.avro.AvroOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.avro.compiler.specific.SpecificCompiler.FieldVisibility;
import org.apache.avro.generic.GenericData.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaGeneratorTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private Path src;
    private Path out;
    private GenerateRequest request;

    @BeforeEach
    void schemas() throws Exception {
        src = Files.createDirectories(dir.resolve("avro"));
        out = dir.resolve("generated");
        request = new GenerateRequest(out, dir.resolve("ferry/state.json"), dir.resolve("ferry/work"), "test");
        write("money.avsc", money("units"));
        write("line.avsc", """
        {"type": "record", "name": "Line", "namespace": "shop", "fields": [{"name": "price", "type": "Money"}]}""");
        write("order.avsc", """
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "lines", "type": {"type": "array", "items": "Line"}}]}""");
        write("customer.avsc", """
        {"type": "record", "name": "Customer", "namespace": "shop", "fields": [{"name": "name", "type": "string"}]}""");
    }

    @Test
    void firstRunGeneratesEverythingAndASecondRunNothing() throws Exception {
        GenerateResult first = generator(AvroOptions.defaults()).generate(request);
        ageOutputs();

        GenerateResult second = generator(AvroOptions.defaults()).generate(request);

        assertThat(first.status()).isEqualTo(GenerateResult.Status.GENERATED);
        assertThat(first.changed()).isEqualTo(4);
        assertThat(first.written()).isEqualTo(4);
        assertThat(second.status()).isEqualTo(GenerateResult.Status.UP_TO_DATE);
        assertThat(second.schemas()).isEqualTo(4);
        assertThat(Files.getLastModifiedTime(out.resolve("shop/Order.java"))).isEqualTo(LONG_AGO);
    }

    @Test
    void anotherGeneratorVersionRegeneratesEverySchema() throws Exception {
        generator(AvroOptions.defaults()).generate(request);

        GenerateResult upgraded = generator(AvroOptions.defaults())
                .generate(new GenerateRequest(
                        request.outputDirectory(), request.stateFile(), request.workDirectory(), "test 2"));

        assertThat(upgraded.status()).isEqualTo(GenerateResult.Status.GENERATED);
        assertThat(upgraded.changed()).isEqualTo(4);
    }

    @Test
    void changingABaseSchemaRegeneratesItsTransitiveDependentsAndNothingElse() throws Exception {
        generator(AvroOptions.defaults()).generate(request);
        ageOutputs();
        write("money.avsc", money("cents"));

        GenerateResult result = generator(AvroOptions.defaults()).generate(request);

        assertThat(result.changed()).isEqualTo(1);
        assertThat(result.dependents()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("shop/Money.java"))).contains("cents");
        // Line and Order embed Money's schema, so their content changed too
        assertThat(Files.readString(out.resolve("shop/Line.java"))).contains("cents");
        assertThat(Files.readString(out.resolve("shop/Order.java"))).contains("cents");
        assertThat(Files.getLastModifiedTime(out.resolve("shop/Customer.java"))).isEqualTo(LONG_AGO);
    }

    @Test
    void deletingASchemaRemovesItsOutputs() throws Exception {
        generator(AvroOptions.defaults()).generate(request);
        Files.delete(src.resolve("customer.avsc"));

        GenerateResult result = generator(AvroOptions.defaults()).generate(request);

        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.removed()).isEqualTo(1);
        assertThat(out.resolve("shop/Customer.java")).doesNotExist();
        assertThat(out.resolve("shop/Order.java")).exists();
    }

    @Test
    void deletedOutputsAreRegenerated() throws Exception {
        generator(AvroOptions.defaults()).generate(request);
        Files.delete(out.resolve("shop/Customer.java"));

        GenerateResult result = generator(AvroOptions.defaults()).generate(request);

        assertThat(result.changed()).isEqualTo(1);
        assertThat(out.resolve("shop/Customer.java")).exists();
    }

    @Test
    void changedOptionsRegenerateEverything() throws Exception {
        generator(AvroOptions.defaults()).generate(request);
        AvroOptions charSequences =
                new AvroOptions(StringType.CharSequence, false, FieldVisibility.PRIVATE, true, List.of(), List.of());

        GenerateResult result = generator(charSequences).generate(request);

        assertThat(result.changed()).isEqualTo(4);
        assertThat(Files.readString(out.resolve("shop/Customer.java"))).contains("java.lang.CharSequence name;");
    }

    @Test
    void aFailedRunInstallsAndRecordsNothing() throws Exception {
        generator(AvroOptions.defaults()).generate(request);
        String stateBefore = Files.readString(request.stateFile());
        write("money.avsc", money("units").replace("\"long\"", "\"lng\""));

        assertThatThrownBy(() -> generator(AvroOptions.defaults()).generate(request))
                .isInstanceOf(SchemaProblemsException.class)
                .hasMessageContaining("money.avsc:1:");

        assertThat(Files.readString(request.stateFile())).isEqualTo(stateBefore);
        write("money.avsc", money("units"));
        assertThat(generator(AvroOptions.defaults()).generate(request).status())
                .isEqualTo(GenerateResult.Status.UP_TO_DATE);
    }

    @Test
    void noSchemasIsSaidSo() {
        GenerateResult result = new SchemaGenerator(List.of(new AvroBackend(
                        dir.resolve("none"), AvroOptions.defaults(), getClass().getClassLoader())))
                .generate(request);

        assertThat(result.status()).isEqualTo(GenerateResult.Status.NO_SCHEMAS);
    }

    private SchemaGenerator generator(AvroOptions options) {
        return new SchemaGenerator(
                List.of(new AvroBackend(src, options, getClass().getClassLoader())));
    }

    private void ageOutputs() throws Exception {
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, LONG_AGO);
            }
        }
    }

    private static String money(String field) {
        return "{\"type\": \"record\", \"name\": \"Money\", \"namespace\": \"shop\", \"fields\": [{\"name\": \"" + field
                + "\", \"type\": \"long\"}]}";
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(src.resolve(name), content);
    }
}
