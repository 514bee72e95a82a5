package dev.ferry.codegen.internal.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.generate.GeneratedFiles;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.codegen.testing.JavaSources;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler.FieldVisibility;
import org.apache.avro.generic.GenericData.StringType;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroBackendTest {
    @TempDir
    Path dir;

    private Path src;

    @BeforeEach
    void schemas() throws Exception {
        src = Files.createDirectories(dir.resolve("avro"));
        Files.writeString(src.resolve("money.avsc"), """
        {"type": "record", "name": "Money", "namespace": "shop", "fields": [
          {"name": "units", "type": "long"},
          {"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD"]}}]}""");
        Files.writeString(src.resolve("order.avsc"), """
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "id", "type": "string"},
          {"name": "total", "type": "Money"}]}""");
        Files.writeString(src.resolve("note.avsc"), """
        {"type": "record", "name": "Note", "fields": [{"name": "text", "type": "string"}]}""");
    }

    @Test
    void dependenciesFollowNamedTypeReferencesAcrossFiles() {
        AvroBackend backend = backend(AvroOptions.defaults());

        Map<Path, Set<Path>> edges = backend.dependencies(backend.scan());

        assertThat(edges)
                .containsEntry(file("order.avsc"), Set.of(file("money.avsc")))
                .containsEntry(file("money.avsc"), Set.of())
                .containsEntry(file("note.avsc"), Set.of());
    }

    @Test
    void generatesCompilableClassesOwnedByTheFileThatDefinesThem() throws Exception {
        AvroBackend backend = backend(AvroOptions.defaults());
        List<SchemaSource> sources = backend.scan();
        Path staging = dir.resolve("staging");

        GeneratedFiles generated = backend.generate(sources, Set.of(file("order.avsc"), file("money.avsc")), staging);

        assertThat(generated.outputsBySource()).containsOnlyKeys(file("order.avsc"), file("money.avsc"));
        assertThat(generated.outputsBySource().get(file("money.avsc")))
                .containsExactly("shop/Currency.java", "shop/Money.java");
        assertThat(generated.outputsBySource().get(file("order.avsc"))).containsExactly("shop/Order.java");
        assertThat(Files.readString(staging.resolve("shop/Order.java"))).contains("private java.lang.String id;");

        Path classes = dir.resolve("classes");
        JavaSources.assertCompiles(staging, classes);
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> order = loader.loadClass("shop.Order");
            assertThat(SpecificRecordBase.class).isAssignableFrom(order);
            Schema schema = (Schema) order.getField("SCHEMA$").get(null);
            assertThat(schema.getField("total").schema().getFullName()).isEqualTo("shop.Money");
        }
    }

    @Test
    void onlyTheTargetsClassesAreReturnedEvenWhenUsedTypesComeAlong() {
        AvroBackend backend = backend(AvroOptions.defaults());

        GeneratedFiles generated = backend.generate(backend.scan(), Set.of(file("order.avsc")), dir.resolve("staging"));

        assertThat(generated.outputsBySource()).containsOnlyKeys(file("order.avsc"));
        assertThat(generated.outputsBySource().get(file("order.avsc"))).containsExactly("shop/Order.java");
    }

    @Test
    void optionsShapeTheGeneratedCode() throws Exception {
        AvroOptions options =
                new AvroOptions(StringType.CharSequence, false, FieldVisibility.PUBLIC, false, List.of(), List.of());
        AvroBackend backend = backend(options);

        backend.generate(backend.scan(), Set.of(file("order.avsc")), dir.resolve("staging"));

        String order = Files.readString(dir.resolve("staging/shop/Order.java"));
        assertThat(order).contains("public java.lang.CharSequence id;").doesNotContain("public void setId(");
        assertThat(options.fingerprint()).isNotEqualTo(AvroOptions.defaults().fingerprint());
    }

    @Test
    void anUnknownCustomConversionIsAUserError() {
        AvroOptions options = new AvroOptions(
                StringType.String,
                false,
                FieldVisibility.PRIVATE,
                true,
                List.of("com.example.NoSuchConversion"),
                List.of());
        AvroBackend backend = backend(options);

        assertThatThrownBy(() -> backend.generate(backend.scan(), Set.of(file("note.avsc")), dir.resolve("staging")))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageContaining(
                        "customConversion com.example.NoSuchConversion is not on the project's classpath");
    }

    @Test
    void validateReportsEveryBrokenFile() throws Exception {
        Files.writeString(
                src.resolve("bad.avsc"),
                "{\"type\": \"record\", \"name\": \"Bad\", \"fields\": [{\"name\": \"x\", \"type\": \"Nope\"}]}");
        AvroBackend backend = backend(AvroOptions.defaults());

        assertThatThrownBy(() -> backend.validate(backend.scan()))
                .isInstanceOfSatisfying(SchemaProblemsException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.format()).endsWith("bad.avsc:1:68: Undefined schema: Nope")));
    }

    private AvroBackend backend(AvroOptions options) {
        return new AvroBackend(src, options, getClass().getClassLoader());
    }

    private Path file(String name) {
        return src.resolve(name).toAbsolutePath().normalize();
    }
}
