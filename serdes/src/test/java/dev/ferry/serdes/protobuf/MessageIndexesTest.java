package dev.ferry.serdes.protobuf;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message indexes by Confluent's rule, against frames written out by hand: magic byte {@code 00},
 * schema id 1 as four big-endian bytes, the index list as zigzag varints (the count, then each
 * index; the list {@code [0]} is the single byte {@code 00}), then the payload, field 1 set to the
 * string "x" ({@code 0a 01 78}). A message's indexes are its positions among the message
 * declarations of the schema text; the {@code XxxEntry} types protoc derives from map fields are
 * not declared there and are not counted, at any depth.
 */
class MessageIndexesTest {

    static final String SCHEMA = """
            syntax = "proto3";
            package golden.idx;

            enum Status {
              STATUS_UNSPECIFIED = 0;
            }

            message Plain {
              string id = 1;
              message Child {
                string id = 1;
                message GrandChild {
                  string id = 1;
                }
              }
              message Sibling {
                string id = 1;
              }
            }

            message Order {
              string id = 1;
              map<string, int64> prices = 2;
              message Line {
                string id = 1;
                map<string, string> attributes = 2;
                message Detail {
                  string id = 1;
                }
              }
              map<string, Line> lines_by_sku = 3;
              enum Kind {
                KIND_UNSPECIFIED = 0;
              }
              message Audit {
                string id = 1;
                message Deep {
                  string id = 1;
                  map<int32, bool> flags = 2;
                  message Deeper {
                    string id = 1;
                  }
                }
              }
            }

            message Pair {
              string id = 1;
              map<string, string> labels = 2;
              message A {
                string id = 1;
              }
              message B {
                string id = 1;
              }
            }

            message Trailing {
              string id = 1;
              message First {
                string id = 1;
              }
              message Second {
                string id = 1;
              }
              map<string, First> firsts = 2;
              map<string, Second> seconds = 3;
            }
            """;

    static Stream<Arguments> golden() {
        return Stream.of(
                // the first top-level message: [0] is the single byte 00; the enum Status is not counted
                arguments("golden.idx.Plain", new int[] {0}, "00 00000001 00 0a0178"),
                // no map in Plain: positions as declared
                arguments("golden.idx.Plain.Child", new int[] {0, 0}, "00 00000001 04 00 00 0a0178"),
                arguments("golden.idx.Plain.Child.GrandChild", new int[] {0, 0, 0}, "00 00000001 06 00 00 00 0a0178"),
                arguments("golden.idx.Plain.Sibling", new int[] {0, 1}, "00 00000001 04 00 02 0a0178"),
                arguments("golden.idx.Order", new int[] {1}, "00 00000001 02 02 0a0178"),
                // after the map prices (PricesEntry not counted): the first message of Order
                arguments("golden.idx.Order.Line", new int[] {1, 0}, "00 00000001 04 02 00 0a0178"),
                // after Line's own map attributes
                arguments("golden.idx.Order.Line.Detail", new int[] {1, 0, 0}, "00 00000001 06 02 00 00 0a0178"),
                // after a map whose value is a message (LinesBySkuEntry) and a nested enum
                arguments("golden.idx.Order.Audit", new int[] {1, 1}, "00 00000001 04 02 02 0a0178"),
                arguments("golden.idx.Order.Audit.Deep", new int[] {1, 1, 0}, "00 00000001 06 02 02 00 0a0178"),
                // four levels deep, after the map flags of Deep
                arguments(
                        "golden.idx.Order.Audit.Deep.Deeper",
                        new int[] {1, 1, 0, 0},
                        "00 00000001 08 02 02 00 00 0a0178"),
                arguments("golden.idx.Pair", new int[] {2}, "00 00000001 02 04 0a0178"),
                arguments("golden.idx.Pair.A", new int[] {2, 0}, "00 00000001 04 04 00 0a0178"),
                arguments("golden.idx.Pair.B", new int[] {2, 1}, "00 00000001 04 04 02 0a0178"),
                arguments("golden.idx.Trailing", new int[] {3}, "00 00000001 02 06 0a0178"),
                // maps declared after every nested message shift nothing
                arguments("golden.idx.Trailing.First", new int[] {3, 0}, "00 00000001 04 06 00 0a0178"),
                arguments("golden.idx.Trailing.Second", new int[] {3, 1}, "00 00000001 04 06 02 0a0178"));
    }

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("message-indexes");

    final SchemaRegistryClient registry = mock.client();
    final ParsedSchema schema = new ProtobufFormat().parse(Schema.protobuf(SCHEMA), Map.of());
    final FileDescriptor file = ProtobufFormat.fileDescriptor(schema);

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void theIndexesOfATypeAreItsPositionsAmongTheDeclaredMessages(String type, int[] indexes, String frame) {
        Descriptor descriptor = MessageIndexes.find(file, type);

        assertThat(MessageIndexes.of(descriptor, schema, false)).containsExactly(indexes);
        assertThat(MessageIndexes.of(schema).resolve(bytes(frame), "golden", false, 1))
                .isSameAs(descriptor);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void theSerializerWritesTheFrameByteForByteAgainstTheRegisteredText(String type, int[] indexes, String frame) {
        assertThat(registry.register("golden-value", Schema.protobuf(SCHEMA))).isEqualTo(1);

        byte[] written = latestVersionSerializer().serialize("golden", new Headers(), message(type, "x"));

        assertThat(HexFormat.of().formatHex(written)).isEqualTo(hex(frame));
    }

    /**
     * Registering its own schema, the serializer registers the text Confluent's Java serializer
     * registers for the descriptor, where each entry is a declared message, and counts the entries
     * as Confluent's does; with {@code normalize.schemas=true} it registers the normalized text,
     * {@code map<K, V>} fields again, and counts none.
     */
    @Test
    void theTextTheSerializerRegistersDecidesWhetherEntriesAreCounted() {
        DynamicMessage audit = message("golden.idx.Order.Audit", "x");

        byte[] own =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("golden", new Headers(), audit);
        byte[] normalized = ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(SerdeConfig.builder().normalizeSchemas(true).build())
                .build()
                .serialize("normal", new Headers(), audit);

        // Order's nested types: PricesEntry, Line, LinesBySkuEntry, Audit
        assertThat(HexFormat.of().formatHex(own, 5, 8)).isEqualTo("040206");
        assertThat(registry.latest("golden-value").schema().text())
                .contains("  message PricesEntry {\n    option map_entry = true;\n");
        assertThat(HexFormat.of().formatHex(normalized, 5, 8)).isEqualTo("040202");
        assertThat(registry.latest("normal-value").schema().text())
                .contains("  map<string, int64> prices = 2;\n")
                .doesNotContain("PricesEntry");
    }

    private ProtobufSerializer<DynamicMessage> latestVersionSerializer() {
        return ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(USE_LATEST_VERSION)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void theDeserializerReadsTheFrameAsTheType(String type, int[] indexes, String frame) {
        assertThat(registry.register("golden-value", Schema.protobuf(SCHEMA))).isEqualTo(1);

        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                .build()
                .deserialize("golden", new Headers(), bytes(frame));

        assertThat(read.getDescriptorForType().getFullName()).isEqualTo(type);
        assertThat(read.getField(read.getDescriptorForType().findFieldByName("id")))
                .isEqualTo("x");
    }

    @Test
    void theLongFormOfTheFirstMessagesListIsReadToo() {
        registry.register("golden-value", Schema.protobuf(SCHEMA));

        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                .build()
                .deserialize("golden", new Headers(), bytes("00 00000001 02 00 0a0178"));

        assertThat(read.getDescriptorForType().getFullName()).isEqualTo("golden.idx.Plain");
    }

    @Test
    void anIndexPastTheDeclaredMessagesOfAParentIsAnErrorThatSaysMapEntriesAreNotCounted() {
        registry.register("golden-value", Schema.protobuf(SCHEMA));
        // [1, 2]: Order declares two messages, Line and Audit; its four nested types include PricesEntry and
        // LinesBySkuEntry
        byte[] frame = bytes("00 00000001 04 02 04 0a0178");

        assertThatThrownBy(() -> ProtobufDeserializer.<DynamicMessage>builder(registry)
                        .build()
                        .deserialize("golden", new Headers(), frame))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot deserialize value of topic 'golden': message index 2 at position 1 of the index list is "
                                + "out of range: message golden.idx.Order of schema id 1 has 2 message type(s) (entries of "
                                + "map<K, V> fields are not counted)");
    }

    @Test
    void aMapEntryHasNoIndexSoItIsNotSerializedAlone() {
        Descriptor entry = file.findMessageTypeByName("Order").findNestedTypeByName("PricesEntry");
        DynamicMessage price = DynamicMessage.newBuilder(entry)
                .setField(entry.findFieldByName("key"), "EUR")
                .setField(entry.findFieldByName("value"), 5L)
                .build();

        registry.register("golden-value", Schema.protobuf(SCHEMA));

        assertThatThrownBy(() -> latestVersionSerializer().serialize("golden", new Headers(), price))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("value of topic 'golden'")
                .hasMessageContaining("message golden.idx.Order.PricesEntry has no message index: it is a map entry");
    }

    /**
     * Confluent's Java serializer, with {@code normalize.schemas=false}, registers a generated
     * class's schema with each map written as its entry message, declared in the text: there it is
     * a message like any other, and Confluent's readers count it.
     */
    @Test
    void anEntryMessageDeclaredInTheTextIsCounted() {
        String confluentJava = """
                syntax = "proto3";
                package legacy;

                message Basket {
                  repeated .legacy.Basket.QuantitiesEntry quantities = 1;
                  .legacy.Basket.Summary summary = 2;

                  message QuantitiesEntry {
                    option map_entry = true;
                \s\s
                    string key = 1;
                    int32 value = 2;
                  }
                  message Summary {
                    string id = 1;
                  }
                }
                """;
        assertThat(registry.register("legacy-value", Schema.protobuf(confluentJava)))
                .isEqualTo(1);

        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                .build()
                .deserialize("legacy", new Headers(), bytes("00 00000001 04 00 02 0a0178"));

        assertThat(read.getDescriptorForType().getFullName()).isEqualTo("legacy.Basket.Summary");
        ParsedSchema parsed = new ProtobufFormat().parse(Schema.protobuf(confluentJava), Map.of());
        Descriptor summary = MessageIndexes.find(ProtobufFormat.fileDescriptor(parsed), "legacy.Basket.Summary");
        assertThat(MessageIndexes.of(summary, parsed, false)).containsExactly(0, 1);
        assertThat(summary.getContainingType().findFieldByName("quantities").isMapField())
                .as("the declared entry makes a map field, as in Confluent's descriptor of the text")
                .isTrue();
        assertThat(parsed.canonical()).isEqualTo(confluentJava);
    }

    private DynamicMessage message(String type, String id) {
        Descriptor descriptor = MessageIndexes.find(file, type);
        return DynamicMessage.newBuilder(descriptor)
                .setField(descriptor.findFieldByName("id"), id)
                .build();
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }

    private static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(hex(spaced));
    }
}
