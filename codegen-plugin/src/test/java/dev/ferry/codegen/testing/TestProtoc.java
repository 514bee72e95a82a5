package dev.ferry.codegen.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real protoc the build fetched as an artifact (system property ferry.test.protoc), made executable. */
public final class TestProtoc {

    private TestProtoc() {}

    public static Path install(Path directory) throws IOException {
        Path target = Files.createDirectories(directory).resolve("protoc.exe");
        Files.copy(Path.of(System.getProperty("ferry.test.protoc")), target);
        if (!target.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + target + " executable");
        }
        return target;
    }
}
