package dev.ferry.codegen.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.CodegenFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocPlatformTest {

    /** The classifiers published on Maven Central for com.google.protobuf:protoc. */
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, aarch64, linux-aarch_64",
        "Mac OS X, x86_64, osx-x86_64",
        "Mac OS X, aarch64, osx-aarch_64",
        "Windows 11, amd64, windows-x86_64"
    })
    void mapsJvmPropertiesToProtocClassifiers(String osName, String osArch, String classifier) {
        assertThat(ProtocPlatform.classifier(osName, osArch)).isEqualTo(classifier);
    }

    @ParameterizedTest
    @CsvSource({"SunOS, sparcv9", "Linux, riscv64", "FreeBSD, amd64"})
    void unsupportedPlatformsPointToProtocExecutable(String osName, String osArch) {
        assertThatThrownBy(() -> ProtocPlatform.classifier(osName, osArch))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageContaining("os.name=" + osName + " os.arch=" + osArch)
                .hasMessageContaining("protocExecutable");
    }
}
