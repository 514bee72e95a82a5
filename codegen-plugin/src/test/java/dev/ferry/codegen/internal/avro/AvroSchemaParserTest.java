package dev.ferry.codegen.internal.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroSchemaParserTest {
    private final AvroBackend backend =
            new AvroBackend(Path.of("/s"), AvroOptions.defaults(), getClass().getClassLoader());

    @Test
    void parsesFilesAfterTheTypesTheyUseWhateverTheirNames() {
        List<SchemaSource> sources = List.of(
                source(
                        "a-order.avsc",
                        "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"shop\", \"fields\": [{\"name\": \"line\", \"type\": \"Line\"}]}"),
                source(
                        "b-line.avsc",
                        "{\"type\": \"record\", \"name\": \"Line\", \"namespace\": \"shop\", \"fields\": [{\"name\": \"total\", \"type\": \"Money\"}]}"),
                source(
                        "c-money.avsc",
                        "{\"type\": \"record\", \"name\": \"Money\", \"namespace\": \"shop\", \"fields\": [{\"name\": \"units\", \"type\": \"long\"}]}"));

        AvroSchemaParser.Parsed parsed =
                AvroSchemaParser.parse(sources, new DependencyGraph(backend.dependencies(sources)));

        assertThat(parsed.problems()).isEmpty();
        Schema order = parsed.schemas().get(Path.of("/s/a-order.avsc"));
        assertThat(order.getField("line").schema().getField("total").schema().getFullName())
                .isEqualTo("shop.Money");
        // Avro's own view: the same schema parsed in the right order by hand
        Schema.Parser byHand = new Schema.Parser();
        byHand.parse(sources.get(2).content());
        byHand.parse(sources.get(1).content());
        assertThat(order).isEqualTo(byHand.parse(sources.get(0).content()));
    }

    @Test
    void aBrokenFileIsReportedOnceAndItsDependentsAreNotParsed() {
        List<SchemaSource> sources = List.of(
                source(
                        "money.avsc",
                        "{\"type\": \"record\", \"name\": \"Money\", \"fields\": [{\"name\": \"units\", \"type\": \"lng\"}]}"),
                source(
                        "order.avsc",
                        "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [{\"name\": \"total\", \"type\": \"Money\"}]}"),
                source(
                        "note.avsc",
                        "{\"type\": \"record\", \"name\": \"Note\", \"fields\": [{\"name\": \"text\", \"type\": \"string\"}]}"));

        AvroSchemaParser.Parsed parsed =
                AvroSchemaParser.parse(sources, new DependencyGraph(backend.dependencies(sources)));

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(Path.of("/s/money.avsc"));
            assertThat(p.message()).contains("lng");
            assertThat(p.line()).isEqualTo(1);
        });
        assertThat(parsed.schemas()).containsOnlyKeys(Path.of("/s/note.avsc"));
    }

    @Test
    void filesUsingEachOtherInACycleAreReported() {
        List<SchemaSource> sources = List.of(
                source(
                        "a.avsc",
                        "{\"type\": \"record\", \"name\": \"A\", \"fields\": [{\"name\": \"b\", \"type\": \"B\"}]}"),
                source(
                        "b.avsc",
                        "{\"type\": \"record\", \"name\": \"B\", \"fields\": [{\"name\": \"a\", \"type\": \"A\"}]}"));

        AvroSchemaParser.Parsed parsed =
                AvroSchemaParser.parse(sources, new DependencyGraph(backend.dependencies(sources)));

        assertThat(parsed.problems()).hasSize(2).allSatisfy(p -> assertThat(p.message())
                .contains("cycle")
                .contains("a.avsc")
                .contains("b.avsc"));
    }

    static SchemaSource source(String name, String text) {
        return new SchemaSource(
                Path.of("/s", name),
                Path.of("/s"),
                SchemaFormat.AVRO,
                text,
                SchemaScanner.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
