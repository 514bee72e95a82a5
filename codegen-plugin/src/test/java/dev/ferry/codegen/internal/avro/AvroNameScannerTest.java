package dev.ferry.codegen.internal.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvroNameScannerTest {

    @Test
    void definesNestedNamedTypesInTheirNamespaces() {
        AvroDeclarations found = AvroNameScanner.scan("""
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW"]}},
          {"name": "hash", "type": {"type": "fixed", "name": "Hash", "namespace": "crypto", "size": 16}},
          {"name": "meta", "type": {"type": "record", "name": "other.Meta", "fields": [
            {"name": "tag", "type": {"type": "enum", "name": "Tag", "symbols": ["A"]}}]}}
        ]}""");

        assertThat(found.defined())
                .containsExactlyInAnyOrder("shop.Order", "shop.Status", "crypto.Hash", "other.Meta", "other.Tag");
        assertThat(found.references()).isEmpty();
    }

    @Test
    void referencesTryTheEnclosingNamespaceThenNone() {
        AvroDeclarations found = AvroNameScanner.scan("""
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "total", "type": "Money"},
          {"name": "tip", "type": ["null", "billing.Money"]},
          {"name": "lines", "type": {"type": "array", "items": "Line"}},
          {"name": "byId", "type": {"type": "map", "values": {"type": "Line"}}},
          {"name": "id", "type": {"type": "string", "logicalType": "uuid"}}
        ]}""");

        assertThat(found.references())
                .containsExactly(
                        List.of("shop.Money", "Money"),
                        List.of("billing.Money"),
                        List.of("shop.Line", "Line"),
                        List.of("shop.Line", "Line"));
    }

    @Test
    void aTopLevelUnionDefinesEachBranch() {
        AvroDeclarations found = AvroNameScanner.scan("""
        [{"type": "record", "name": "A", "fields": []}, {"type": "record", "name": "B", "fields": [{"name": "a", "type": "A"}]}]""");

        assertThat(found.defined()).containsExactlyInAnyOrder("A", "B");
        assertThat(found.references()).containsExactly(List.of("A"));
    }

    @Test
    void textThatIsNotJsonDeclaresNothing() {
        AvroDeclarations found = AvroNameScanner.scan("{\"type\": \"record\",");

        assertThat(found.defined()).isEmpty();
        assertThat(found.references()).isEmpty();
    }
}
