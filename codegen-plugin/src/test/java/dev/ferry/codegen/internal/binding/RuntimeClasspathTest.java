package dev.ferry.codegen.internal.binding;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.serdes.SerdeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeClasspathTest {

    @Test
    void aProjectWithoutFerrySerdesIsToldToAddIt() throws Exception {
        String avroJar = jarOf(org.apache.avro.Schema.class);

        assertThatThrownBy(() -> RuntimeClasspath.requireFerrySerdes(List.of(avroJar)))
                .isInstanceOf(CodegenFailure.class)
                .hasMessage(
                        "topic bindings use Ferry's producer and serdes, which are not on the compile classpath: add the"
                                + " dependency dev.ferry:ferry-serdes to the project");
    }

    @Test
    void aProjectWithFerrySerdesPasses() throws Exception {
        assertThatCode(() -> RuntimeClasspath.requireFerrySerdes(
                        List.of(jarOf(org.apache.avro.Schema.class), jarOf(SerdeConfig.class))))
                .doesNotThrowAnyException();
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
