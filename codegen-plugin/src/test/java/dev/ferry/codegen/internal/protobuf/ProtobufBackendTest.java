package dev.ferry.codegen.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.generate.GenerateRequest;
import dev.ferry.codegen.internal.generate.GenerateResult;
import dev.ferry.codegen.internal.generate.GeneratedFiles;
import dev.ferry.codegen.internal.generate.SchemaGenerator;
import dev.ferry.codegen.testing.JavaSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real protoc the build fetched as an artifact (system property ferry.test.protoc). */
class ProtobufBackendTest {
    @TempDir
    Path dir;

    private Path src;
    private Path protoc;
    private ProtobufBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectories(dir.resolve("proto"));
        Files.createDirectories(src.resolve("shop"));
        Files.writeString(src.resolve("shop/money.proto"), """
        syntax = "proto3";
        package shop;
        option java_package = "com.example.shop";
        option java_multiple_files = true;
        message Money { int64 units = 1; }
        """);
        Files.writeString(src.resolve("shop/order.proto"), """
        syntax = "proto3";
        package shop;
        import "shop/money.proto";
        import "google/protobuf/timestamp.proto";
        option java_package = "com.example.shop";
        message Order { Money total = 1; google.protobuf.Timestamp at = 2; }
        """);
        Path protobufJar = protobufJar();
        protoc = MavenProtocResolver.installExecutable(
                Path.of(System.getProperty("ferry.test.protoc")), dir.resolve("bin/protoc.exe"));
        backend = new ProtobufBackend(
                src,
                new ProtobufOptions("version:test", List.of(), List.of(protobufJar), Duration.ofMinutes(2)),
                () -> protoc,
                dir.resolve("work"));
    }

    @Test
    void dependenciesFollowImportsOfFilesInTheSourceSet() {
        Map<Path, Set<Path>> edges = backend.dependencies(backend.scan());

        assertThat(edges)
                .containsEntry(src.resolve("shop/order.proto"), Set.of(src.resolve("shop/money.proto")))
                .containsEntry(src.resolve("shop/money.proto"), Set.of());
    }

    @Test
    void generatesCompilableJavaAttributedByProtocsSourceHeader() {
        GeneratedFiles generated = generateCompilable("shop/money.proto", "shop/order.proto");

        assertThat(generated.outputsBySource().get(src.resolve("shop/money.proto")))
                .containsExactlyInAnyOrder(
                        "com/example/shop/Money.java",
                        "com/example/shop/MoneyOrBuilder.java",
                        "com/example/shop/MoneyOuterClass.java");
        assertThat(generated.outputsBySource().get(src.resolve("shop/order.proto")))
                .containsExactly("com/example/shop/OrderOuterClass.java");
    }

    @Test
    void generatesCompilableJavaForAnEditionsFile() throws Exception {
        Files.writeString(src.resolve("shop/parcel.proto"), """
        edition = "2023";
        package shop;
        option java_package = "com.example.shop";
        option java_multiple_files = true;
        message Parcel {
          string parcel_id = 1;
          int64 weight_grams = 2 [features.field_presence = IMPLICIT];
        }
        """);

        GeneratedFiles generated = generateCompilable("shop/parcel.proto");

        assertThat(generated.outputsBySource().get(src.resolve("shop/parcel.proto")))
                .contains("com/example/shop/Parcel.java");
    }

    @Test
    void validateReportsProtocsPositionAndMessage() throws Exception {
        Files.writeString(src.resolve("bad.proto"), """
        syntax = "proto3";
        package bad;
        message Bad {
          Nope total = 1;
        }
        """);

        assertThatThrownBy(() -> backend.validate(backend.scan()))
                .isInstanceOfSatisfying(
                        SchemaProblemsException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.format())
                                .isEqualTo(src.resolve("bad.proto") + ":4:3: \"Nope\" is not defined.")));
    }

    @Test
    void aChangeInAnImportDirectoryChangesTheFingerprint() throws Exception {
        Path testProtos = Files.createDirectories(dir.resolve("test-proto"));
        ProtobufBackend tests = new ProtobufBackend(
                testProtos,
                new ProtobufOptions("version:test", List.of(src), List.of(), Duration.ofMinutes(2)),
                () -> {
                    throw new AssertionError("computing a fingerprint must not need protoc");
                },
                dir.resolve("work-test"));
        String before = tests.fingerprint();

        Files.writeString(
                src.resolve("shop/money.proto"),
                "syntax = \"proto3\"; package shop; message Money { int64 cents = 1; }");

        assertThat(tests.fingerprint()).isNotEqualTo(before);
    }

    @Test
    void importsResolveFromAClasspathDirectoryAsFromAJar() throws Exception {
        // A sibling reactor module before packaging: its target/classes directory is the classpath entry.
        Path siblingClasses = Files.createDirectories(dir.resolve("schemas/target/classes/shop"))
                .getParent();
        Files.writeString(siblingClasses.resolve("shop/money.proto"), moneyProto("com.example.shop"));
        Path dependent = dependentOnMoney();
        ProtobufBackend importing = new ProtobufBackend(
                dependent,
                new ProtobufOptions(
                        "version:test", List.of(), List.of(siblingClasses, protobufJar()), Duration.ofMinutes(2)),
                () -> protoc,
                dir.resolve("work-dependent"));

        GeneratedFiles generated =
                importing.generate(importing.scan(), Set.of(dependent.resolve("shop/order.proto")), dir.resolve("out"));

        assertThat(generated.outputsBySource().get(dependent.resolve("shop/order.proto")))
                .containsExactly("com/example/shop/OrderOuterClass.java");
    }

    @Test
    void aDependencyJarRebuiltUnderItsNameWithAnotherProtoRegeneratesItsImporters() throws Exception {
        Path jar = dir.resolve("repo/schemas-1.0-SNAPSHOT.jar");
        writeJar(jar, moneyProto("com.example.shop"));
        Path dependent = dependentOnMoney();
        GenerateRequest request = new GenerateRequest(
                dir.resolve("generated"), dir.resolve("ferry/state.json"), dir.resolve("ferry/work"), "test");
        SchemaGenerator generator = new SchemaGenerator(List.of(new ProtobufBackend(
                dependent,
                new ProtobufOptions("version:test", List.of(), List.of(jar, protobufJar()), Duration.ofMinutes(2)),
                () -> protoc,
                dir.resolve("work-dependent"))));
        generator.generate(request);
        String before = Files.readString(dir.resolve("generated/com/example/shop/OrderOuterClass.java"));

        writeJar(jar, moneyProto("com.example.money"));
        GenerateResult result = generator.generate(request);

        assertThat(result.status()).isEqualTo(GenerateResult.Status.GENERATED);
        assertThat(before).contains("com.example.shop.Money");
        assertThat(dir.resolve("generated/com/example/shop/OrderOuterClass.java"))
                .content()
                .contains("com.example.money.Money");
    }

    @Test
    void validAndCompleteSchemasValidate() {
        backend.validate(backend.scan());

        assertThat(Files.exists(dir.resolve("work/validate.desc"))).isTrue();
    }

    /** A source directory whose shop/order.proto imports shop/money.proto, which it does not hold. */
    private Path dependentOnMoney() throws Exception {
        Path dependent = Files.createDirectories(dir.resolve("dependent/shop")).getParent();
        Files.writeString(dependent.resolve("shop/order.proto"), """
        syntax = "proto3";
        package shop;
        import "shop/money.proto";
        option java_package = "com.example.shop";
        message Order { Money total = 1; }
        """);
        return dependent;
    }

    private static String moneyProto(String javaPackage) {
        return "syntax = \"proto3\"; package shop; option java_package = \"" + javaPackage
                + "\"; message Money { int64 units = 1; }";
    }

    /** Writes a jar holding shop/money.proto, keeping its last-modified time as a rebuilt SNAPSHOT might not. */
    private static void writeJar(Path jar, String money) throws Exception {
        Files.createDirectories(jar.getParent());
        FileTime unchanged = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            ZipEntry entry = new ZipEntry("shop/money.proto");
            entry.setLastModifiedTime(unchanged);
            out.putNextEntry(entry);
            out.write(money.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.setLastModifiedTime(jar, unchanged);
    }

    private static Path protobufJar() throws Exception {
        return Path.of(Message.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Generates the files, named below the source directory, and compiles what protoc wrote. */
    private GeneratedFiles generateCompilable(String... files) {
        Path staging = dir.resolve("staging");
        Set<Path> sources = Arrays.stream(files).map(src::resolve).collect(Collectors.toSet());
        GeneratedFiles generated = backend.generate(backend.scan(), sources, staging);
        JavaSources.assertCompiles(staging, dir.resolve("classes"));
        return generated;
    }
}
