package dev.ferry.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a Java runtime of at least a given feature version, for servers that need a newer Java than the build. */
public final class JavaRuntimes {
    private JavaRuntimes() {}

    /**
     * Looks in order at the system property {@code ferry.java21.home}, the environment variable
     * {@code FERRY_JAVA21_HOME}, the running JVM, {@code JAVA_HOME}, and the JDKs under
     * {@code /usr/lib/jvm} and {@code /opt/java}; returns the {@code bin/java} of the first that is new enough.
     */
    public static Optional<Path> find(int minimumFeature) {
        List<Path> candidates = new ArrayList<>();
        addIfSet(candidates, System.getProperty("ferry.java21.home"));
        addIfSet(candidates, System.getenv("FERRY_JAVA21_HOME"));
        addIfSet(candidates, System.getProperty("java.home"));
        addIfSet(candidates, System.getenv("JAVA_HOME"));
        for (String dir : List.of("/usr/lib/jvm", "/opt/java", "/usr/local/lib/jvm")) {
            candidates.addAll(children(Path.of(dir)));
        }
        return candidates.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> featureVersion(home).orElse(0) >= minimumFeature)
                .map(home -> home.resolve("bin/java"))
                .findFirst();
    }

    private static void addIfSet(List<Path> candidates, String home) {
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home));
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The feature version from the JDK's {@code release} file, e.g. 25 for {@code JAVA_VERSION="25.0.3"}. */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isReadable(release)) {
            return Optional.empty();
        }
        try (var reader = Files.newBufferedReader(release)) {
            Properties props = new Properties();
            props.load(reader);
            String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
            String feature = version.split("[.+-]")[0];
            return feature.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(feature));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
