package dev.ferry.serdes.protobuf;

import com.google.protobuf.Any;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
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
 * own schemas (the example schemas and the plugin's integration-test projects), the hand-written
 * files under {@code src/test/resources/proto-corpus} and the real googleapis sources inside Google's
 * published proto jars (test dependencies read as files, never copied into the repository).
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
        all.addAll(googleApis());
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

    /** A file each of Google's proto jars on the test class path holds: proto-google-common-protos, proto-google-cloud-pubsub-v1. */
    private static final List<String> GOOGLE_API_JARS =
            List.of("google/api/annotations.proto", "google/pubsub/v1/pubsub.proto");

    /**
     * Every {@code .proto} file inside the jars of {@link #GOOGLE_API_JARS}, each with its jar's file
     * name as its root. Their imports cross jars (Pub/Sub's files import {@code google/api/*.proto}),
     * so the files of all those jars are the source root of each.
     */
    static List<ProtoCorpus> googleApis() {
        Map<String, Map<String, String>> byJar = new TreeMap<>();
        for (String marker : GOOGLE_API_JARS) {
            Path jar = jarHolding(marker);
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                byJar.put(jar.getFileName().toString(), texts(zip.getPath("/")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the .proto files inside " + jar, e);
            }
        }
        Map<String, String> rootFiles = new TreeMap<>();
        byJar.values().forEach(rootFiles::putAll);
        Map<String, String> shared = Map.copyOf(rootFiles);
        List<ProtoCorpus> files = new ArrayList<>();
        byJar.forEach((jar, texts) -> texts.keySet().forEach(path -> files.add(new ProtoCorpus(jar, path, shared))));
        return files;
    }

    private static Path jarHolding(String resource) {
        URL url = ProtoCorpus.class.getClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new IllegalStateException("no jar on the test class path holds " + resource + " (found " + url + ")");
        }
        try {
            return Path.of(
                    ((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the jar of " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ProtoCorpus> files(String rootName, Path root) {
        Map<String, String> rootFiles = Map.copyOf(texts(root));
        return rootFiles.keySet().stream()
                .sorted()
                .map(path -> new ProtoCorpus(rootName, path, rootFiles))
                .toList();
    }

    private static Map<String, String> texts(Path root) {
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
        return texts;
    }
}
