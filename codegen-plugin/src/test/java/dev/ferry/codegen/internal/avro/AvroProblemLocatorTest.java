package dev.ferry.codegen.internal.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failures come from Avro's own parser; the expected position is where the marked token sits
 * in the text, found independently of the locator.
 */
class AvroProblemLocatorTest {

    static Stream<Arguments> brokenSchemas() {
        return Stream.of(
                Arguments.of("undefined type", """
            {"type": "record", "name": "Order", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "total", "type": @"Mony"}]}""", "Undefined schema: shop.Mony"),
                Arguments.of("illegal name", """
            {"type": "record", "name": "Order",
             "fields": [
               {"name": @"order-id", "type": "string"}]}""", "Illegal character in: order-id"),
                Arguments.of("duplicate field points at the second one", """
            {"type": "record", "name": "Order",
             "fields": [
               {"name": "count", "type": "int"},
               {"name": @"count", "type": "long"}]}""", "Duplicate field count in record Order"),
                Arguments.of("bad default", """
            {"type": "record", "name": "Order",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": @"count", "type": "int", "default": "x"}]}""", "Invalid default for field count"),
                Arguments.of("syntax error", """
            {"type": "record", "name": "Order",
             "fields": [
               {"name": "id", "type": "string"@,}]}""", "Unexpected character ('}'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSchemas")
    void pointsAtTheOffendingToken(String description, String marked, String messageStart) {
        String text = marked.replace("@", "");
        SchemaSource source = source(text);
        RuntimeException failure = parseFailure(text);

        SchemaProblem problem = AvroProblemLocator.locate(source, failure);

        int offset = marked.indexOf('@') + (description.equals("syntax error") ? 1 : 0);
        String before = text.substring(0, offset);
        int expectedLine = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int expectedColumn = offset - before.lastIndexOf('\n');
        assertThat(problem.file()).isEqualTo(source.file());
        assertThat(problem.line()).isEqualTo(expectedLine);
        assertThat(problem.column()).isEqualTo(expectedColumn);
        assertThat(problem.message()).startsWith(messageStart);
    }

    private static RuntimeException parseFailure(String text) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> new Schema.Parser().parse(text))
                .isInstanceOf(AvroRuntimeException.class)
                .satisfies(t -> caught[0] = t);
        return (RuntimeException) caught[0];
    }

    private static SchemaSource source(String text) {
        Path file = Path.of("/schemas/order.avsc");
        return new SchemaSource(
                file,
                file.getParent(),
                SchemaFormat.AVRO,
                text,
                SchemaScanner.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
