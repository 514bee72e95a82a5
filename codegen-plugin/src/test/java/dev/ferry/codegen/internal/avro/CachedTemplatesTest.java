package dev.ferry.codegen.internal.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedTemplatesTest {
    @TempDir
    Path dir;

    private static final List<Schema> SCHEMAS = List.of(new Schema.Parser().parse("""
          {"type": "record", "name": "Order", "namespace": "shop", "fields": [
            {"name": "id", "type": "string"},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
            {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
            {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
              "fields": [{"name": "sku", "type": "string"}]}}}]}"""), new Schema.Parser().parse("""
          {"type": "record", "name": "Note", "fields": [{"name": "text", "type": ["null", "string"]}]}"""));

    @Test
    void avrosCompilerStillHasTheEngineFieldTheCacheIsSetOn() {
        assertThat(CachedTemplates.enable(new SpecificCompiler(SCHEMAS)))
                .as(
                        "SpecificCompiler's Velocity engine field was renamed: generation now parses every template per type")
                .isTrue();
    }

    @Test
    void cachedTemplatesWriteTheSameClassesAsAvroUncached() throws Exception {
        SpecificCompiler cached = new SpecificCompiler(SCHEMAS);
        CachedTemplates.enable(cached);
        cached.compileToDestination(null, dir.resolve("cached").toFile());
        new SpecificCompiler(SCHEMAS)
                .compileToDestination(null, dir.resolve("uncached").toFile());

        Map<String, String> withCache = files(dir.resolve("cached"));
        assertThat(withCache)
                .containsKeys("shop/Order.java", "shop/Status.java", "shop/Hash.java", "shop/Line.java", "Note.java");
        assertThat(withCache).isEqualTo(files(dir.resolve("uncached")));
    }

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                contents.put(root.relativize(file).toString().replace(File.separatorChar, '/'), Files.readString(file));
            }
        }
        return contents;
    }
}
