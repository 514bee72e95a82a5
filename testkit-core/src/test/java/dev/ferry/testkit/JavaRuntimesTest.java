package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.internal.JavaRuntimes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaRuntimesTest {

    @Test
    void theRunningJvmSatisfiesItsOwnFeatureVersion() {
        int running = Runtime.version().feature();

        assertThat(JavaRuntimes.find(running)).isPresent().hasValueSatisfying(java -> assertThat(java.getFileName())
                .isEqualTo(Path.of("java")));
    }

    @Test
    void noRuntimeIsNewerThanAnyThatExists() {
        assertThat(JavaRuntimes.find(10_000)).isEmpty();
    }
}
