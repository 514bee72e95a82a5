package dev.ferry.codegen.internal.incremental;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes a {@link BuildState} as a small JSON file. An unreadable or foreign file reads
 * as "no state" (so the next run regenerates everything) rather than failing the build.
 */
public final class BuildStateStore {
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public BuildStateStore(Path file) {
        this.file = file;
    }

    /** The stored state, or empty when there is none or it cannot be used (the reason is given). */
    public StoredState read() {
        if (!Files.isRegularFile(file)) {
            return new StoredState(BuildState.EMPTY, Optional.empty());
        }
        try {
            return new StoredState(decode(JSON.readTree(file.toFile())), Optional.empty());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            return new StoredState(
                    BuildState.EMPTY,
                    Optional.of("ignoring unreadable state file " + file + " (" + e.getMessage() + ")"));
        }
    }

    /** Writes atomically, so an interrupted build leaves the previous state or the new one. */
    public void write(BuildState state) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, encode(state));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete state file " + file, e);
        }
    }

    /** A read state, with the reason it was discarded if it was. */
    public record StoredState(BuildState state, Optional<String> discardedBecause) {}

    private static String encode(BuildState state) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ObjectNode fingerprints = root.putObject("fingerprints");
        new TreeMap<>(state.fingerprints()).forEach((format, value) -> fingerprints.put(format.name(), value));
        ObjectNode files = root.putObject("files");
        new TreeMap<>(state.files()).forEach((path, fileState) -> {
            ObjectNode node = files.putObject(path.toString());
            node.put("format", fileState.format().name());
            node.put("hash", fileState.hash());
            ArrayNode deps = node.putArray("dependsOn");
            fileState.dependsOn().stream().map(Path::toString).sorted().forEach(deps::add);
            ArrayNode outputs = node.putArray("outputs");
            fileState.outputs().stream().sorted().forEach(outputs::add);
        });
        ObjectNode bindings = root.putObject("bindings");
        bindings.put("fingerprint", state.bindings().fingerprint());
        ArrayNode bindingOutputs = bindings.putArray("outputs");
        state.bindings().outputs().stream().sorted().forEach(bindingOutputs::add);
        return JSON.writeValueAsString(root);
    }

    private static BuildState decode(JsonNode root) {
        if (root.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("state version " + root.path("version") + " is not " + VERSION);
        }
        Map<SchemaFormat, String> fingerprints = new EnumMap<>(SchemaFormat.class);
        root.path("fingerprints")
                .properties()
                .forEach(e -> fingerprints.put(
                        SchemaFormat.valueOf(e.getKey()), e.getValue().textValue()));
        Map<Path, FileState> files = new HashMap<>();
        root.path("files").properties().forEach(e -> {
            JsonNode node = e.getValue();
            Set<Path> deps = new HashSet<>();
            node.path("dependsOn").forEach(d -> deps.add(Paths.get(d.textValue())));
            Set<String> outputs = new HashSet<>();
            node.path("outputs").forEach(o -> outputs.add(o.textValue()));
            files.put(
                    Paths.get(e.getKey()),
                    new FileState(
                            SchemaFormat.valueOf(node.path("format").textValue()),
                            node.path("hash").textValue(),
                            deps,
                            outputs));
        });
        JsonNode bindings = root.path("bindings");
        Set<String> bindingOutputs = new HashSet<>();
        bindings.path("outputs").forEach(o -> bindingOutputs.add(o.textValue()));
        return new BuildState(
                fingerprints,
                files,
                new BindingState(bindings.path("fingerprint").asText(""), bindingOutputs));
    }
}
