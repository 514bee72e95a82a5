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
                record("a-order.avsc", "shop.Order", "line", "Line"),
                record("b-line.avsc", "shop.Line", "total", "Money"),
                record("c-money.avsc", "shop.Money", "units", "long"));

        AvroSchemaParser.Parsed parsed = parse(sources);

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
        AvroSchemaParser.Parsed parsed = parse(List.of(
                record("money.avsc", "Money", "units", "lng"),
                record("order.avsc", "Order", "total", "Money"),
                record("note.avsc", "Note", "text", "string")));

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(Path.of("/s/money.avsc"));
            assertThat(p.message()).contains("lng");
            assertThat(p.line()).isEqualTo(1);
        });
        assertThat(parsed.schemas()).containsOnlyKeys(Path.of("/s/note.avsc"));
    }

    @Test
    void filesUsingEachOtherInACycleAreReported() {
        AvroSchemaParser.Parsed parsed =
                parse(List.of(record("a.avsc", "A", "b", "B"), record("b.avsc", "B", "a", "A")));

        assertThat(parsed.problems()).hasSize(2).allSatisfy(p -> assertThat(p.message())
                .contains("cycle")
                .contains("a.avsc")
                .contains("b.avsc"));
    }

    private AvroSchemaParser.Parsed parse(List<SchemaSource> sources) {
        return AvroSchemaParser.parse(sources, new DependencyGraph(backend.dependencies(sources)));
    }

    /** A file holding one record with one field; a dotted name gives the namespace. */
    static SchemaSource record(String file, String name, String field, String type) {
        return source(
                file,
                "{\"type\": \"record\", \"name\": \"" + name + "\", \"fields\": [{\"name\": \"" + field
                        + "\", \"type\": \"" + type + "\"}]}");
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
