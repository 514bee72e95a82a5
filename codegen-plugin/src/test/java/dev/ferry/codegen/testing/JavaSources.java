package dev.ferry.codegen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's compiler, the oracle for "the generated code is Java". */
public final class JavaSources {

  private JavaSources() {}

  /** Compiles every .java below {@code sourceRoot} against the test classpath and asserts success. */
  public static void assertCompiles(Path sourceRoot, Path classesOut) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null);
        Stream<Path> walk = Files.walk(sourceRoot)) {
      List<Path> sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
      Files.createDirectories(classesOut);
      List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classesOut.toString(),
          "-classpath", System.getProperty("java.class.path")));
      boolean ok = compiler.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
      assertThat(ok).as("javac: %s", diagnostics.getDiagnostics()).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
