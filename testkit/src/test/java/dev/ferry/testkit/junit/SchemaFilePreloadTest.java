package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import dev.ferry.testkit.preload.Account;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Preloading from an application's schema directories, and the registry that is not running at all. */
class SchemaFilePreloadTest {

    @RegisterExtension
    static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    @TempDir
    Path sources;

    @Test
    void avscIsRegisteredWithTheNamedTypesOfItsDirectoryInline() throws IOException {
        Path avro = Files.createDirectories(sources.resolve("src/main/avro"));
        // Written so that a single pass in file-name order fails: order.avsc needs line.avsc, which needs money.avsc.
        Files.writeString(avro.resolve("a_order.avsc"), """
                {"type":"record","name":"Order","namespace":"shop","fields":[
                  {"name":"id","type":"string"},{"name":"lines","type":{"type":"array","items":"shop.Line"}}]}""");
        Files.writeString(avro.resolve("b_line.avsc"), """
                {"type":"record","name":"Line","namespace":"shop","fields":[
                  {"name":"sku","type":"string"},{"name":"price","type":"shop.Money"}]}""");
        Files.writeString(avro.resolve("c_money.avsc"), """
                {"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}""");

        RegisteredSchema order = registry.registerValueSchema("shop-orders", avro.resolve("a_order.avsc"));

        Schema registered = new Schema.Parser().parse(order.schema().text());
        Schema line = registered.getField("lines").schema().getElementType();
        assertThat(line.getFullName()).isEqualTo("shop.Line");
        assertThat(line.getField("price").schema().getField("cents").schema().getType())
                .isEqualTo(Schema.Type.LONG);
        assertThat(order.subject()).isEqualTo("shop-orders-value");
        assertThat(registry.versions("shop-orders-value")).containsExactly(order);
    }

    @Test
    void protoImportsAreRegisteredFirstUnderTheirImportPathsAndWellKnownTypesSkipped() throws IOException {
        Path proto = Files.createDirectories(sources.resolve("src/main/proto/shop"));
        Files.writeString(proto.resolve("money.proto"), """
                syntax = "proto3";
                package shop;
                message Money { int64 cents = 1; }
                """);
        Files.writeString(proto.resolve("order.proto"), """
                syntax = "proto3";
                package shop;
                // The import paths are relative to src/main/proto, as protoc's -I.
                import "shop/money.proto";
                import "google/protobuf/timestamp.proto";
                message Order {
                  string id = 1;
                  Money total = 2;
                  google.protobuf.Timestamp placed_at = 3;
                }
                """);

        RegisteredSchema order = registry.registerKeySchema("proto-orders", proto.resolve("order.proto"));

        assertThat(order.subject()).isEqualTo("proto-orders-key");
        assertThat(order.schema().references())
                .containsExactly(new SchemaReference("shop/money.proto", "shop/money.proto", 1));
        assertThat(registry.subjects())
                .contains("shop/money.proto", "proto-orders-key")
                .noneMatch(subject -> subject.startsWith("google/"));
    }

    @Test
    void protoReferencesListPlainImportsThenPublicOnesAndNoneOfConfluentsKnownTypes() throws IOException {
        Path proto = Files.createDirectories(sources.resolve("src/main/proto/shop"));
        Files.writeString(proto.resolve("money.proto"), """
                syntax = "proto3";
                package shop;
                message Money { int64 cents = 1; }
                """);
        Files.writeString(proto.resolve("common.proto"), """
                syntax = "proto3";
                package shop;
                message Common { string id = 1; }
                """);
        // No google/type/date.proto on disk: Confluent's clients, and Ferry's, know it.
        Files.writeString(proto.resolve("shipment.proto"), """
                syntax = "proto3";
                package shop;
                import public "shop/common.proto";
                import "shop/money.proto";
                import "google/type/date.proto";
                message Shipment {
                  Common ref = 1;
                  Money cost = 2;
                  google.type.Date ship_date = 3;
                }
                """);

        RegisteredSchema shipment = registry.registerValueSchema("shipments", proto.resolve("shipment.proto"));

        assertThat(shipment.schema().references())
                .containsExactly(
                        new SchemaReference("shop/money.proto", "shop/money.proto", 1),
                        new SchemaReference("shop/common.proto", "shop/common.proto", 1));
        assertThat(registry.subjects())
                .contains("shop/money.proto", "shop/common.proto", "shipments-value")
                .noneMatch(subject -> subject.startsWith("google/"));
    }

    /**
     * A .proto whose source differs from the text the serializer prints for its generated class (a
     * map field, a custom option from an import, an explicit json_name, comments): preloaded, it is the
     * very version an application that does not register finds, one version per subject.
     */
    @Test
    void aProtoIsPreloadedAsTheVersionTheSerializerLooksUpForItsGeneratedClass() {
        Path proto = Path.of("src", "test", "proto");

        RegisteredSchema preloaded =
                registry.registerValueSchema("accounts", proto.resolve("acme/preload/account.proto"));

        assertThat(preloaded.schema().references())
                .containsExactly(new SchemaReference("acme/preload/options.proto", "acme/preload/options.proto", 1));
        Account account = Account.newBuilder()
                .setAccountId("a-1")
                .setOwnerEmail("a@example.com")
                .putBalances("EUR", 1200)
                .build();
        try (SchemaRegistryClient client = SchemaRegistryClients.create(registry.clientProperties());
                ProtobufSerializer<Account> serializer = ProtobufSerializer.<Account>builder(client)
                        .config(SerdeConfig.fromProperties(
                                Map.of("auto.register.schemas", "false", "use.latest.version", "false")))
                        .build()) {
            byte[] frame = serializer.serialize("accounts", new Headers(), account);

            assertThat(ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(preloaded.id());
        }
        assertThat(registry.versions("accounts-value")).containsExactly(preloaded);
        assertThat(registry.versions("acme/preload/options.proto")).hasSize(1);
    }

    @Test
    void aMissingImportNamesTheFileAndLine() throws IOException {
        Path proto = Files.createDirectories(sources.resolve("proto"));
        Path order = Files.writeString(proto.resolve("order.proto"), """
                syntax = "proto3";

                import "shop/absent.proto";
                message Order { string id = 1; }
                """);

        assertThatThrownBy(() -> registry.registerValueSchema("orders", order))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(order + ":3: import \"shop/absent.proto\" not found");
        assertThatThrownBy(() -> registry.registerValueSchema("orders", proto.resolve("order.txt")))
                .hasMessageContaining(".avsc (Avro), .proto (Protobuf) or .json (JSON Schema)");
    }

    @Test
    void refusedConnectionsUntilHealedThenTheSameUrlServesTheSameSchemas() throws IOException {
        Path avsc = Files.writeString(sources.resolve("money.avsc"), """
                {"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}""");
        RegisteredSchema money = registry.registerValueSchema("refused", avsc);
        String url = registry.url();
        registry.refuseConnections();

        // A client that starts during the outage, as an application starting up, finds nothing listening.
        try (SchemaRegistryClient starting =
                SchemaRegistryClients.create(Map.of("schema.registry.url", url, "max.retries", "0"))) {
            assertThatThrownBy(() -> starting.latest("refused-value"))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasRootCauseInstanceOf(ConnectException.class);
            assertThat(registry.url()).isEqualTo(url);

            registry.heal();
            assertThat(starting.latest("refused-value")).isEqualTo(money);
            assertThat(registry.requestCount(RegistryEndpoint.LATEST, "refused-value"))
                    .isEqualTo(1);
        }
    }
}
