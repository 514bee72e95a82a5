package dev.ferry.codegen.internal.protobuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs protoc once, with a bounded wait, and captures what it printed. */
public record ProtocRunner(Path protoc, Path workDirectory, Duration timeout) {

    /** protoc's exit code and its merged stdout and stderr. */
    public record Outcome(int exitCode, String output) {}

    public Outcome run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(protoc.toString());
        command.addAll(arguments);
        try {
            Files.createDirectories(workDirectory);
            // Output goes to a file, not a pipe: a chatty protoc can never block on a full pipe buffer.
            Path log = Files.createTempFile(workDirectory, "protoc-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "protoc did not finish within " + timeout + ": " + String.join(" ", command));
                }
                return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + protoc, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while protoc was running", e);
        }
    }
}
