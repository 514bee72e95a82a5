package dev.ferry.codegen.internal.protobuf;

import dev.ferry.codegen.internal.CodegenFailure;
import java.util.Locale;

/** The Maven classifier of the protoc executable for an operating system and CPU. */
public final class ProtocPlatform {

    private ProtocPlatform() {}

    /** For this JVM's {@code os.name} and {@code os.arch}. */
    public static String currentClassifier() {
        return classifier(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * @throws CodegenFailure for a platform protoc is not published for
     */
    public static String classifier(String osName, String osArch) {
        return os(osName, osArch) + "-" + arch(osName, osArch);
    }

    private static String os(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "osx";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        throw unsupported(osName, osArch);
    }

    private static String arch(String osName, String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw unsupported(osName, osArch);
        };
    }

    private static CodegenFailure unsupported(String osName, String osArch) {
        return new CodegenFailure("no protoc executable is published for os.name=" + osName + " os.arch=" + osArch
                + " (supported: linux, osx and windows on x86_64 and aarch64): set protocExecutable to a local protoc");
    }
}
