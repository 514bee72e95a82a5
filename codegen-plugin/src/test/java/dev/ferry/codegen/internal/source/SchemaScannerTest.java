package dev.ferry.codegen.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.CodegenFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaScannerTest {
    @TempDir
    Path root;

    @Test
    void findsFilesOfTheFormatBelowTheRootSorted() throws Exception {
        write("b/z.avsc", "{}");
        write("a.avsc", "{}");
        write("c.proto", "x");
        write("notes.txt", "x");

        List<SchemaSource> found = SchemaScanner.scan(root, SchemaFormat.AVRO);

        assertThat(found).extracting(SchemaSource::relativePath).containsExactly("a.avsc", "b/z.avsc");
        assertThat(found).allSatisfy(s -> assertThat(s.root())
                .isEqualTo(root.toAbsolutePath().normalize()));
    }

    @Test
    void missingRootHasNoSchemas() {
        assertThat(SchemaScanner.scan(root.resolve("nope"), SchemaFormat.PROTOBUF))
                .isEmpty();
    }

    @Test
    void hashIsSha256OfTheBytes() throws Exception {
        write("abc.avsc", "abc");

        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertThat(SchemaScanner.scan(root, SchemaFormat.AVRO).get(0).hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void importsComeFirstAndAreReadOnce() throws Exception {
        write("a.avsc", "{}");
        Path common = write("common/z.avsc", "{}");
        write("m.avsc", "{}");

        List<SchemaSource> found = SchemaScanner.scan(List.of(common, root.resolve("m.avsc")), root, SchemaFormat.AVRO);

        assertThat(found)
                .extracting(s -> root.relativize(s.file()).toString().replace('\\', '/'))
                .containsExactly("common/z.avsc", "m.avsc", "a.avsc");
    }

    @Test
    void missingImportIsAUserError() {
        assertThatThrownBy(() -> SchemaScanner.scan(List.of(root.resolve("gone.avsc")), root, SchemaFormat.AVRO))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageContaining("gone.avsc does not exist");
    }

    private Path write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
