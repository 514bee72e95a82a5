package dev.ferry.codegen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's compiler, the oracle for "the generated code is Java". */
public final class JavaSources {

    private JavaSources() {}

    /** What javac said: whether it compiled, and each error as {@code File.java:line: message}. */
    public record Compilation(boolean success, List<String> errors, List<String> warnings) {}

    /** Compiles every .java below {@code sourceRoot} against the test classpath and asserts success. */
    public static void assertCompiles(Path sourceRoot, Path classesOut) {
        Compilation result = compile(List.of(sourceRoot), classesOut, List.of());
        assertThat(result.success()).as("javac: %s", result.errors()).isTrue();
    }

    /**
     * Compiles every .java below the roots against the test classpath plus {@code extraClasspath},
     * with {@code -Xlint:all}, as Ferry's own build does.
     */
    public static Compilation compile(List<Path> sourceRoots, Path classesOut, List<Path> extraClasspath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<Path> sources = new ArrayList<>();
            for (Path root : sourceRoots) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
            Files.createDirectories(classesOut);
            StringBuilder classpath = new StringBuilder(System.getProperty("java.class.path"));
            extraClasspath.forEach(p -> classpath.append(File.pathSeparator).append(p));
            List<String> options = new ArrayList<>(List.of(
                    "--release",
                    "17",
                    "-proc:none",
                    "-Xlint:all",
                    "-d",
                    classesOut.toString(),
                    "-classpath",
                    classpath.toString()));
            boolean ok = compiler.getTask(
                            null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            return new Compilation(
                    ok,
                    messages(diagnostics, Diagnostic.Kind.ERROR),
                    messages(diagnostics, Diagnostic.Kind.WARNING, Diagnostic.Kind.MANDATORY_WARNING));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> messages(DiagnosticCollector<JavaFileObject> diagnostics, Diagnostic.Kind... kinds) {
        List<Diagnostic.Kind> wanted = List.of(kinds);
        return diagnostics.getDiagnostics().stream()
                .filter(d -> wanted.contains(d.getKind()))
                .map(d -> (d.getSource() == null
                                ? ""
                                : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(Locale.ROOT))
                .toList();
    }
}
