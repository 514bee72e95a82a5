package dev.ferry.codegen.internal.generate;

import dev.ferry.codegen.internal.incremental.BuildState;
import dev.ferry.codegen.internal.incremental.FileState;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The resource that tells Ferry's Avro deserializer which classes this build generated, so
 * {@code specific.avro.reader=true} may instantiate them without
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}. It lands in the same class path root as the classes,
 * which is the only root the deserializer accepts it from.
 */
public final class AvroClassListing {

    /** The resource path the deserializer reads (ferry-serdes' {@code GeneratedClassListing}). */
    public static final String PATH = "META-INF/ferry/avro-classes";

    private AvroClassListing() {}

    /**
     * Writes the listing of every Avro class {@code state} records into {@code resourceDirectory},
     * rewriting it only when its content changes, or deletes it when there is none.
     *
     * @return whether a listing exists
     */
    public static boolean write(BuildState state, Path resourceDirectory) {
        List<String> classes = state.filesOf(SchemaFormat.AVRO).values().stream()
                .map(FileState::outputs)
                .flatMap(Set::stream)
                .filter(output -> output.endsWith(".java"))
                .map(output ->
                        output.substring(0, output.length() - ".java".length()).replace('/', '.'))
                .distinct()
                .sorted()
                .toList();
        Path listing = resourceDirectory.resolve(PATH);
        try {
            if (classes.isEmpty()) {
                Files.deleteIfExists(listing);
                return false;
            }
            String content = String.join("\n", classes) + "\n";
            if (!Files.isRegularFile(listing)
                    || !Files.readString(listing, StandardCharsets.UTF_8).equals(content)) {
                Files.createDirectories(listing.getParent());
                Files.writeString(listing, content, StandardCharsets.UTF_8);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated Avro class listing " + listing, e);
        }
    }
}
