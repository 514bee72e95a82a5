package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import dev.ferry.serdes.kafka.KafkaAvroSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Byte-exact frames, with ids served by WireMock speaking Confluent's REST API. The expected bytes
 * are written out by hand from the Confluent wire format, the Avro and the Protobuf encodings.
 */
class GoldenFramesTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String AVRO_ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"golden\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}";

    static final String AVRO_BYTES = "\"bytes\"";

    static final String MONEY = """
            syntax = "proto3";
            package golden.money;
            message Money {
              string currency = 1;
            }
            """;

    static final String ORDERS = """
            syntax = "proto3";
            package golden;
            import "money.proto";
            message First {
              string id = 1;
            }
            message Second {
              int32 n = 1;
              message Inner {
                int32 x = 1;
              }
            }
            message Priced {
              golden.money.Money price = 1;
            }
            """;

    static final FileDescriptor ORDERS_FILE = ProtobufFormat.fileDescriptor(
            new ProtobufFormat().parse(Schema.protobuf(ORDERS), Map.of("money.proto", MONEY)));

    @RegisterExtension
    static final StubbedRegistry REGISTRY = new StubbedRegistry();

    @BeforeAll
    static void stubRegistry() {

        REGISTRY.stub(post(urlEqualTo("/subjects/orders-value/versions")), "{\"id\":42}");
        REGISTRY.stub(get(urlEqualTo("/schemas/ids/42")), Map.of("schema", AVRO_ORDER));
        REGISTRY.stub(post(urlEqualTo("/subjects/events-value/versions")), "{\"id\":7}");
        REGISTRY.stub(post(urlEqualTo("/subjects/money.proto/versions")), "{\"id\":9}");
        REGISTRY.stub(
                post(urlEqualTo("/subjects/money.proto")),
                Map.of("subject", "money.proto", "id", 9, "version", 1, "schema", MONEY, "schemaType", "PROTOBUF"));
        REGISTRY.stub(post(urlEqualTo("/subjects/payments-value/versions")), "{\"id\":9}");
        REGISTRY.stub(
                get(urlEqualTo("/schemas/ids/7")),
                Map.of("schema", ORDERS, "schemaType", "PROTOBUF", "references", new Object[] {
                    Map.of("name", "money.proto", "subject", "money.proto", "version", 1)
                }));
        REGISTRY.stub(
                get(urlEqualTo("/subjects/money.proto/versions/1")),
                Map.of("subject", "money.proto", "id", 9, "version", 1, "schema", MONEY, "schemaType", "PROTOBUF"));
        REGISTRY.stub(post(urlEqualTo("/subjects/blobs-value/versions")), "{\"id\":258}");
        REGISTRY.stub(get(urlEqualTo("/schemas/ids/258")), Map.of("schema", AVRO_BYTES));
        REGISTRY.stub(post(urlEqualTo("/subjects/blobs-key/versions")), "{\"id\":259}");
        REGISTRY.stub(get(urlEqualTo("/schemas/ids/259")), Map.of("schema", AVRO_BYTES));
    }

    @Test
    void avroRecord() {
        AvroSerializer<GenericRecord> serializer =
                AvroSerializer.<GenericRecord>builder(REGISTRY.client()).build();
        GenericRecord order = new GenericData.Record(new org.apache.avro.Schema.Parser().parse(AVRO_ORDER));
        order.put("id", "o-1");
        order.put("amount", 1234L);

        byte[] frame = serializer.serialize("orders", new Headers(), order);

        // 00 | id 42 | "o-1" (length 3 zigzag = 06) | 1234 zigzag 2468 = a4 13
        assertThat(HEX.formatHex(frame)).isEqualTo("000000002a" + "066f2d31" + "a413");
        REGISTRY.server()
                .verify(postRequestedFor(urlEqualTo("/subjects/orders-value/versions"))
                        .withHeader("Content-Type", equalTo(StubbedRegistry.CONTENT_TYPE))
                        .withRequestBody(matchingJsonPath("$.schema", equalToJson(AVRO_ORDER))));
        GenericRecord back = AvroDeserializer.<GenericRecord>builder(REGISTRY.client())
                .build()
                .deserialize("orders", new Headers(), frame);
        assertThat(back.get("id")).hasToString("o-1");
        assertThat(back.get("amount")).isEqualTo(1234L);
    }

    @Test
    void avroTopLevelBytesAreWrittenRawAfterTheId() {
        AvroSerializer<Object> serializer =
                AvroSerializer.<Object>builder(REGISTRY.client()).build();

        byte[] frame = serializer.serialize("blobs", new Headers(), new byte[] {0x00, (byte) 0xff, 0x7f});
        byte[] empty = serializer.serialize("blobs", new Headers(), new byte[0]);

        // 00 | id 258 | the bytes themselves: no Avro length prefix, as Confluent's serializer writes them
        assertThat(HEX.formatHex(frame)).isEqualTo("0000000102" + "00ff7f");
        assertThat(HEX.formatHex(empty)).isEqualTo("0000000102");
        REGISTRY.server()
                .verify(postRequestedFor(urlEqualTo("/subjects/blobs-value/versions"))
                        .withRequestBody(matchingJsonPath("$.schema", equalTo(AVRO_BYTES))));
    }

    @Test
    void avroTopLevelByteBufferIsWrittenFromPositionToLimitAndKeepsItsPosition() {
        AvroSerializer<ByteBuffer> serializer =
                AvroSerializer.<ByteBuffer>builder(REGISTRY.client()).build();
        byte[] backing = {0x09, 0x09, 0x01, 0x02, 0x03, 0x04, 0x09};
        ByteBuffer slice = ByteBuffer.wrap(backing, 1, 5).slice();
        slice.position(1).limit(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {0x05, 0x06, 0x07, 0x08});
        direct.position(1).limit(3);

        byte[] fromSlice = serializer.serialize("blobs", new Headers(), slice);
        byte[] fromDirect = serializer.serialize("blobs", new Headers(), direct);

        // arrayOffset 1, position 1, limit 4: backing[2..4], not the whole backing array
        assertThat(slice.arrayOffset()).isEqualTo(1);
        assertThat(HEX.formatHex(fromSlice)).isEqualTo("0000000102" + "010203");
        assertThat(HEX.formatHex(fromDirect)).isEqualTo("0000000102" + "0607");
        assertThat(slice.position()).isEqualTo(1);
        assertThat(slice.limit()).isEqualTo(4);
        assertThat(direct.position()).isEqualTo(1);
    }

    @Test
    void avroHandBuiltBytesFramesReadAsTheRestOfTheFrame() {
        AvroDeserializer<byte[]> deserializer =
                AvroDeserializer.<byte[]>builder(REGISTRY.client()).build();

        byte[] bytes = deserializer.deserialize("blobs", new Headers(), HEX.parseHex("0000000102" + "00ff7f"));
        // 06 would be Avro's length prefix of 3 bytes; here it is the value's first byte
        byte[] lengthLike = deserializer.deserialize("blobs", new Headers(), HEX.parseHex("0000000102" + "06616263"));
        byte[] empty = deserializer.deserialize("blobs", new Headers(), HEX.parseHex("0000000102"));

        assertThat(bytes).containsExactly(0x00, 0xff, 0x7f);
        assertThat(lengthLike).containsExactly(0x06, 'a', 'b', 'c');
        assertThat(empty).isEmpty();
    }

    @Test
    void avroTopLevelBytesKeysAndTheKafkaAdaptersAreFramedTheSame() {
        KafkaAvroSerializer<Object> keys = new KafkaAvroSerializer<>(REGISTRY.client());
        keys.configure(Map.of(), true);
        KafkaAvroDeserializer<Object> keyReader = new KafkaAvroDeserializer<>(REGISTRY.client());
        keyReader.configure(Map.of(), true);
        KafkaAvroSerializer<Object> values = new KafkaAvroSerializer<>(REGISTRY.client(), Map.of());
        KafkaAvroDeserializer<Object> valueReader = new KafkaAvroDeserializer<>(REGISTRY.client(), Map.of());

        byte[] key = keys.serialize("blobs", new byte[] {0x01, 0x02});
        byte[] value = values.serialize("blobs", ByteBuffer.wrap(new byte[] {0x03}));

        // 00 | id 259 (blobs-key) | 01 02; 00 | id 258 (blobs-value) | 03
        assertThat(HEX.formatHex(key)).isEqualTo("0000000103" + "0102");
        assertThat(HEX.formatHex(value)).isEqualTo("0000000102" + "03");
        assertThat(keyReader.deserialize("blobs", HEX.parseHex("0000000103" + "0102")))
                .isEqualTo(new byte[] {0x01, 0x02});
        assertThat(valueReader.deserialize("blobs", HEX.parseHex("0000000102" + "03")))
                .isEqualTo(new byte[] {0x03});
    }

    @Test
    void protobufFirstTopLevelMessageIsTheSingleByteZero() {
        byte[] frame = serialize("events", message("First", "id", "a"));

        assertThat(HEX.formatHex(frame)).isEqualTo("0000000007" + "00" + "0a0161");
    }

    @Test
    void protobufSecondTopLevelMessage() {
        byte[] frame = serialize("events", message("Second", "n", 1));

        // indexes [1]: count 1 (zigzag 02), index 1 (zigzag 02)
        assertThat(HEX.formatHex(frame)).isEqualTo("0000000007" + "0202" + "0801");
    }

    @Test
    void protobufNestedMessage() {
        Descriptor inner = ORDERS_FILE.findMessageTypeByName("Second").findNestedTypeByName("Inner");
        byte[] frame = serialize(
                "events",
                DynamicMessage.newBuilder(inner)
                        .setField(inner.findFieldByName("x"), 1)
                        .build());

        // indexes [1, 0]: count 2 (04), 1 (02), 0 (00)
        assertThat(HEX.formatHex(frame)).isEqualTo("0000000007" + "040200" + "0801");
    }

    @Test
    void protobufMessageOfAnImportedFile() {
        Descriptor money = ORDERS_FILE.getDependencies().get(0).findMessageTypeByName("Money");
        byte[] frame = serialize(
                "payments",
                DynamicMessage.newBuilder(money)
                        .setField(money.findFieldByName("currency"), "EUR")
                        .build());

        assertThat(HEX.formatHex(frame)).isEqualTo("0000000009" + "00" + "0a03455552");
    }

    @Test
    void protobufImportsAreRegisteredAsReferencesFirst() {
        Descriptor priced = ORDERS_FILE.findMessageTypeByName("Priced");
        Descriptor money = ORDERS_FILE.getDependencies().get(0).findMessageTypeByName("Money");
        DynamicMessage eur = DynamicMessage.newBuilder(money)
                .setField(money.findFieldByName("currency"), "EUR")
                .build();

        byte[] frame = serialize(
                "events",
                DynamicMessage.newBuilder(priced)
                        .setField(priced.findFieldByName("price"), eur)
                        .build());

        // indexes [2]: 02 04; field 1 length-delimited (0a) of 5 bytes: the Money message 0a 03 "EUR"
        assertThat(HEX.formatHex(frame)).isEqualTo("0000000007" + "0204" + "0a05" + "0a03455552");
        REGISTRY.server()
                .verify(postRequestedFor(urlEqualTo("/subjects/money.proto/versions"))
                        .withHeader("Content-Type", equalTo(StubbedRegistry.CONTENT_TYPE))
                        .withRequestBody(matchingJsonPath("$.schemaType", equalTo("PROTOBUF"))));
        REGISTRY.server()
                .verify(postRequestedFor(urlEqualTo("/subjects/events-value/versions"))
                        .withRequestBody(matchingJsonPath("$.references[0].name", equalTo("money.proto")))
                        .withRequestBody(matchingJsonPath("$.references[0].subject", equalTo("money.proto")))
                        .withRequestBody(matchingJsonPath("$.references[0].version", equalTo("1"))));
    }

    @Test
    void protobufDeserializerReadsEveryGoldenFrameIncludingTheLongFormOfIndexZero() {
        ProtobufDeserializer<DynamicMessage> deserializer =
                ProtobufDeserializer.<DynamicMessage>builder(REGISTRY.client()).build();

        DynamicMessage first = deserializer.deserialize("events", new Headers(), HEX.parseHex("0000000007000a0161"));
        DynamicMessage longForm =
                deserializer.deserialize("events", new Headers(), HEX.parseHex("00000000070200" + "0a0161"));
        DynamicMessage nested =
                deserializer.deserialize("events", new Headers(), HEX.parseHex("0000000007040200" + "0801"));
        DynamicMessage priced =
                deserializer.deserialize("events", new Headers(), HEX.parseHex("00000000070204" + "0a050a03455552"));

        assertThat(first.getDescriptorForType().getFullName()).isEqualTo("golden.First");
        assertThat(first.getField(first.getDescriptorForType().findFieldByName("id")))
                .isEqualTo("a");
        assertThat(longForm).isEqualTo(first);
        assertThat(nested.getDescriptorForType().getFullName()).isEqualTo("golden.Second.Inner");
        assertThat(priced.getDescriptorForType().getFullName()).isEqualTo("golden.Priced");
        assertThat(priced.toString()).contains("currency: \"EUR\"");
    }

    @Test
    void warmSerdesSendTheRegistryNoRequest() {
        AvroSerializer<GenericRecord> avroSerializer =
                AvroSerializer.<GenericRecord>builder(REGISTRY.client()).build();
        AvroDeserializer<GenericRecord> avroDeserializer =
                AvroDeserializer.<GenericRecord>builder(REGISTRY.client()).build();
        ProtobufSerializer<DynamicMessage> protobufSerializer =
                ProtobufSerializer.<DynamicMessage>builder(REGISTRY.client()).build();
        ProtobufDeserializer<DynamicMessage> protobufDeserializer =
                ProtobufDeserializer.<DynamicMessage>builder(REGISTRY.client()).build();
        GenericRecord order = new GenericData.Record(new org.apache.avro.Schema.Parser().parse(AVRO_ORDER));
        order.put("id", "o-1");
        order.put("amount", -1L);
        DynamicMessage event = message("First", "id", "a");
        avroDeserializer.deserialize("orders", new Headers(), avroSerializer.serialize("orders", new Headers(), order));
        protobufDeserializer.deserialize(
                "events", new Headers(), protobufSerializer.serialize("events", new Headers(), event));
        int requestsWhenWarm = REGISTRY.server().getAllServeEvents().size();

        for (long i = 0; i < 100; i++) {
            order.put("amount", i);
            GenericRecord back = avroDeserializer.deserialize(
                    "orders", new Headers(), avroSerializer.serialize("orders", new Headers(), order));
            assertThat(back.get("amount")).isEqualTo(i);
            DynamicMessage read = protobufDeserializer.deserialize(
                    "events", new Headers(), protobufSerializer.serialize("events", new Headers(), event));
            assertThat(read.toByteArray()).isEqualTo(event.toByteArray());
        }

        assertThat(requestsWhenWarm).isPositive();
        assertThat(REGISTRY.server().getAllServeEvents()).hasSize(requestsWhenWarm);
    }

    private static byte[] serialize(String topic, DynamicMessage message) {
        return ProtobufSerializer.<DynamicMessage>builder(REGISTRY.client())
                .build()
                .serialize(topic, new Headers(), message);
    }

    private static DynamicMessage message(String type, String field, Object value) {
        Descriptor descriptor = ORDERS_FILE.findMessageTypeByName(type);
        return DynamicMessage.newBuilder(descriptor)
                .setField(descriptor.findFieldByName(field), value)
                .build();
    }
}
