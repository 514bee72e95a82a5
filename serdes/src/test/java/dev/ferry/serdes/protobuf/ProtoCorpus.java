package dev.ferry.serdes.protobuf;

import com.google.protobuf.Any;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@code .proto} file of the test corpus with the files of its source root, by import path (the
 * files it may import). The roots: the well-known types inside protobuf-java's jar, the project's
 * own schemas (the example schemas and the plugin's integration-test projects) and the hand-written
 * files under {@code src/test/resources/proto-corpus}.
 */
record ProtoCorpus(String root, String path, Map<String, String> rootFiles) {

    String text() {
        return rootFiles.get(path);
    }

    @Override
    public String toString() {
        return root + " " + path;
    }

    static List<ProtoCorpus> all() {
        List<ProtoCorpus> all = new ArrayList<>(wellKnownTypes());
        all.addAll(projectSchemas());
        all.addAll(handWritten());
        return all;
    }

    static List<ProtoCorpus> wellKnownTypes() {
        try {
            Path jar = Path.of(Any.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                return files("protobuf-java", zip.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example schemas and the schemas of the plugin's integration tests, except the one that is invalid on purpose. */
    static List<ProtoCorpus> projectSchemas() {
        Path project = Path.of("..").toAbsolutePath().normalize();
        List<ProtoCorpus> files = new ArrayList<>();
        files.addAll(files("schemas/src/main/proto", project.resolve("schemas/src/main/proto")));
        files.addAll(files("schemas/src/compat-baseline/proto", project.resolve("schemas/src/compat-baseline/proto")));
        try (Stream<Path> its = Files.list(project.resolve("codegen-plugin/src/it"))) {
            for (Path it : its.sorted().toList()) {
                Path proto = it.resolve("src/main/proto");
                if (Files.isDirectory(proto) && !it.getFileName().toString().equals("invalid-schema")) {
                    files.addAll(files(project.relativize(proto).toString(), proto));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<ProtoCorpus> handWritten() {
        return files("proto-corpus", Path.of("src/test/resources/proto-corpus"));
    }

    private static List<ProtoCorpus> files(String rootName, Path root) {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".proto")).toList()) {
                texts.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the .proto files under " + root, e);
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no .proto file under " + root.toAbsolutePath());
        }
        Map<String, String> rootFiles = Map.copyOf(texts);
        return texts.keySet().stream()
                .map(path -> new ProtoCorpus(rootName, path, rootFiles))
                .toList();
    }
}
