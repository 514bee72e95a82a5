package dev.ferry.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Confluent's JavaScript serdes ({@code @confluentinc/schemaregistry}, the version pinned in the
 * test resource {@code confluent-js/package.json}), installed with npm into {@code target/confluent-js}
 * and driven through {@code confluent-js/cross-read.js}.
 *
 * <p>Without {@code node} and {@code npm} on the PATH the calling test is aborted and says why, as
 * the registry tests are without a JDK 21, so that the README's build needs only a JDK; CI sets the
 * environment variable {@code FERRY_CONFLUENTJS_REQUIRED=true} (or {@code -Dferry.confluentjs.required=true}),
 * which turns that into a failure.
 */
final class ConfluentJs {

    static final String REQUIRED_PROPERTY = "ferry.confluentjs.required";
    static final String REQUIRED_VARIABLE = "FERRY_CONFLUENTJS_REQUIRED";
    private static final Path HOME = Path.of("target", "confluent-js");
    private static final long NPM_TIMEOUT_SECONDS = 300;
    private static final long NODE_TIMEOUT_SECONDS = 120;

    private ConfluentJs() {}

    /** Installs the pinned package once (npm's cache keeps re-runs fast) and returns the script. */
    static synchronized Path install() throws IOException, InterruptedException {
        requireOnPath("node");
        requireOnPath("npm");
        Files.createDirectories(HOME);
        copyResource("package.json");
        Path script = copyResource("cross-read.js");
        if (!Files.isDirectory(HOME.resolve("node_modules/@confluentinc/schemaregistry"))) {
            run(NPM_TIMEOUT_SECONDS, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock");
        }
        return script;
    }

    /** Runs {@code node cross-read.js <mode> <registry> <input> <output>}. */
    static void node(Path script, String mode, String registryUrl, Path input, Path output)
            throws IOException, InterruptedException {
        run(
                NODE_TIMEOUT_SECONDS,
                "node",
                script.getFileName().toString(),
                mode,
                registryUrl,
                input.toAbsolutePath().toString(),
                output.toAbsolutePath().toString());
    }

    private static void requireOnPath(String command) throws InterruptedException {
        String message = "Confluent's JavaScript serdes need `" + command + "` (Node.js 18+) on the PATH";
        boolean found;
        try {
            Process probe = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            found = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        }
        if (!found && (Boolean.getBoolean(REQUIRED_PROPERTY) || "true".equals(System.getenv(REQUIRED_VARIABLE)))) {
            fail(message + " (" + REQUIRED_VARIABLE + "=true or -D" + REQUIRED_PROPERTY + "=true)");
        }
        Assumptions.assumeTrue(found, message + "; without it this test is skipped");
    }

    private static Path copyResource(String name) throws IOException {
        Path target = HOME.resolve(name);
        try (InputStream in = ConfluentJs.class.getResourceAsStream("/confluent-js/" + name)) {
            assertThat(in).as("test resource confluent-js/%s", name).isNotNull();
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> line = List.of(command);
        Path log = Files.createTempFile(HOME, command[0], ".log");
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(HOME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("NO_UPDATE_NOTIFIER", "1"));
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", line) + " did not finish within " + timeoutSeconds + " s; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", line) + " exited with " + process.exitValue() + "; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        Files.delete(log);
    }
}
