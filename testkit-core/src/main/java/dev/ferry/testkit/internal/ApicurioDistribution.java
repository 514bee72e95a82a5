package dev.ferry.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Apicurio Registry server, unpacked once per machine from the {@code tar.gz:all} artifact
 * that Maven resolves into the local repository as a dependency of the test kit.
 */
public final class ApicurioDistribution {
    public static final String VERSION = "3.3.3";
    private static final String ARTIFACT =
            "io/apicurio/apicurio-registry-app/" + VERSION + "/apicurio-registry-app-" + VERSION + "-all.tar.gz";

    private ApicurioDistribution() {}

    /** The archive in the local Maven repository, if Maven has fetched it. */
    public static Optional<Path> archive() {
        String explicit = System.getProperty("ferry.apicurio.archive");
        if (explicit != null) {
            return Optional.of(Path.of(explicit)).filter(Files::isRegularFile);
        }
        String repo = System.getProperty(
                "ferry.maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Optional.of(Path.of(repo).resolve(ARTIFACT)).filter(Files::isRegularFile);
    }

    /** The directory holding {@code quarkus-run.jar}, unpacking the archive on first use. */
    public static Path unpacked(Path archive) {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "ferry-apicurio-" + VERSION);
        if (Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
            return target;
        }
        Path staging = Directories.createTemp("ferry-apicurio-unpack-");
        try {
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("cannot unpack " + archive + ": " + output);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
                // another JVM unpacked it first, or the file system cannot move atomically
                if (!Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
                    throw new IllegalStateException("cannot move the unpacked registry to " + target, e);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + archive, e);
        } finally {
            Directories.deleteRecursively(staging);
        }
    }
}
