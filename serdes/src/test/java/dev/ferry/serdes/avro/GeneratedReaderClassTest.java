package dev.ferry.serdes.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import generated.avro.GeneratedOrder;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import untrusted.avro.Sneaky;

/**
 * {@code specific.avro.reader=true} alone reads into a class Ferry's Maven plugin generated (listed in
 * {@code META-INF/ferry/avro-classes}, here the test class path's), while a class only a writer's
 * schema names is still refused by Avro's check. This JVM sets no {@code
 * org.apache.avro.SERIALIZABLE_PACKAGES} at all (its own surefire execution in serdes/pom.xml).
 */
class GeneratedReaderClassTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("generated");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    @Test
    void aClassThePluginGeneratedIsReadWithTheReaderFlagAlone() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        byte[] frame = AvroSerializer.<GeneratedOrder>builder(registry)
                .build()
                .serialize("orders", headers, new GeneratedOrder("o-1", 5));

        Object read = AvroDeserializer.builder(registry)
                .config(SerdeConfig.builder().specificAvroReader(true).build())
                .build()
                .deserialize("orders", headers, frame);

        assertThat(read).isInstanceOf(GeneratedOrder.class);
        assertThat(((GeneratedOrder) read).getId()).isEqualTo("o-1");
        assertThat(((GeneratedOrder) read).getAmount()).isEqualTo(5);
    }

    @Test
    void aClassNeitherGeneratedNorConfiguredIsStillRefused() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        byte[] frame =
                AvroSerializer.<Sneaky>builder(registry).build().serialize("sneaky", headers, new Sneaky("x", 1));

        assertThatThrownBy(() -> AvroDeserializer.builder(registry)
                        .config(SerdeConfig.builder().specificAvroReader(true).build())
                        .build()
                        .deserialize("sneaky", headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Avro refuses to load the reader class untrusted.avro.Sneaky")
                .hasMessageContaining("specific.avro.value.type does not name it")
                .hasMessageContaining("org.apache.avro.SERIALIZABLE_PACKAGES")
                .hasRootCauseInstanceOf(SecurityException.class);
    }

    @Test
    void aListingVouchesOnlyForClassesOfItsOwnClassPathRoot(@TempDir Path elsewhere) throws IOException {
        Path listing = elsewhere.resolve(GeneratedClassListing.PATH);
        Files.createDirectories(listing.getParent());
        Files.writeString(listing, "untrusted.avro.Sneaky\n");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {elsewhere.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(loader.getResources(GeneratedClassListing.PATH).asIterator())
                    .toIterable()
                    .hasSize(2);
            // Sneaky.class lives in another root than the listing that names it.
            assertThat(GeneratedClassListing.find("untrusted.avro.Sneaky", loader))
                    .isNull();
            assertThat(GeneratedClassListing.find("generated.avro.GeneratedOrder", loader))
                    .isEqualTo(GeneratedOrder.class);
            assertThat(GeneratedClassListing.find("generated.avro.Missing", loader))
                    .isNull();
        }
    }

    @Test
    void aListedClassThatIsNoAvroRecordIsRefusedByName(@TempDir Path elsewhere) throws IOException {
        // A listing beside a class of its own root that is no generated record.
        Path classes = elsewhere.resolve("classes");
        Path listing = classes.resolve(GeneratedClassListing.PATH);
        Files.createDirectories(listing.getParent());
        Files.writeString(listing, "plain.Thing\n");
        Files.createDirectories(classes.resolve("plain"));
        try (var in = GeneratedReaderClassTest.class.getResourceAsStream("GeneratedReaderClassTest.class")) {
            Files.write(classes.resolve("plain/Thing.class"), in.readAllBytes());
        }

        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> GeneratedClassListing.find("plain.Thing", loader))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("plain.Thing");
        }
    }
}
