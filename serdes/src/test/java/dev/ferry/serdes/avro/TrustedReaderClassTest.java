package dev.ferry.serdes.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import trusted.avro.TrustedOrder;
import untrusted.avro.Sneaky;

/**
 * {@code specific.avro.reader=true} with a class the application names ({@code specific.avro.value.type})
 * needs no {@code org.apache.avro.SERIALIZABLE_PACKAGES} entry, while Avro's check still refuses a
 * class named only by a writer's schema. This JVM trusts {@code dev.ferry} only (serdes/pom.xml);
 * both classes here live outside it.
 */
class TrustedReaderClassTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("trusted");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    @Test
    void aConfiguredClassOutsideTheTrustedPackagesIsRead() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isEqualTo("dev.ferry");
        byte[] frame = AvroSerializer.<TrustedOrder>builder(registry)
                .build()
                .serialize("orders", headers, new TrustedOrder("o-1", 5));

        TrustedOrder read = AvroDeserializer.<TrustedOrder>builder(registry)
                .config(SerdeConfig.fromProperties(Map.of(
                        "specific.avro.reader", "true", "specific.avro.value.type", "trusted.avro.TrustedOrder")))
                .build()
                .deserialize("orders", headers, frame);

        assertThat(read).isInstanceOf(TrustedOrder.class);
        assertThat(read.getId()).isEqualTo("o-1");
        assertThat(read.getAmount()).isEqualTo(5);
        // Without naming it, the same class is only a name in the writer's schema: Avro's check applies.
        assertTheSpecificReaderRefuses("orders", frame, "org.apache.avro.SERIALIZABLE_PACKAGES");
    }

    @Test
    void aClassNamedOnlyByAWritersSchemaIsStillRefused() {
        byte[] frame =
                AvroSerializer.<Sneaky>builder(registry).build().serialize("sneaky", headers, new Sneaky("x", 1));

        assertTheSpecificReaderRefuses("sneaky", frame, "Avro refuses to load the reader class");
        // The model that trusts TrustedOrder does not extend that trust to other names.
        TrustedSpecificData model = TrustedSpecificData.forType(TrustedOrder.class);
        assertThat(model.getClass(TrustedOrder.SCHEMA$)).isEqualTo(TrustedOrder.class);
        assertThatThrownBy(() -> model.getClass(Sneaky.SCHEMA$)).isInstanceOf(SecurityException.class);
    }

    /**
     * Avro turns its fast reader off for subclasses of SpecificData; the trusting model turns it back on
     * (SerdesBenchmark's OrderEvent read went through the ResolvingDecoder without it, 1.26x the floor).
     */
    @Test
    void theTrustingModelKeepsAvrosFastReader() {
        TrustedSpecificData model = TrustedSpecificData.forType(TrustedOrder.class);

        assertThat(new org.apache.avro.specific.SpecificData().isFastReaderEnabled())
                .as("Avro's default")
                .isTrue();
        assertThat(model.isFastReaderEnabled()).isTrue();
    }

    /** {@code specific.avro.reader=true} without a configured class: Avro's own trust check refuses the writer's class. */
    private void assertTheSpecificReaderRefuses(String topic, byte[] frame, String message) {
        assertThatThrownBy(() -> AvroDeserializer.<Object>builder(registry)
                        .config(SerdeConfig.builder().specificAvroReader(true).build())
                        .build()
                        .deserialize(topic, headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(message)
                .hasRootCauseInstanceOf(SecurityException.class);
    }

    @Test
    void aConfiguredTypeIsValidatedWhenTheConfigIsBuilt() {
        assertThatThrownBy(() -> SerdeConfig.builder()
                        .specificAvroValueType(TrustedOrder.class)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'trusted.avro.TrustedOrder' for configuration specific.avro.value.type:"
                        + " needs specific.avro.reader=true: it names the generated class that reader fills");
        assertThatThrownBy(() -> SerdeConfig.fromProperties(Map.of("specific.avro.key.type", "java.lang.String")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value 'java.lang.String' for configuration specific.avro.key.type: must be a class "
                                + "implementing org.apache.avro.specific.SpecificRecord");
    }
}
