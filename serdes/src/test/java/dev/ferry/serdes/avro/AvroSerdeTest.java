package dev.ferry.serdes.avro;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.RecordNameStrategy;
import dev.ferry.serdes.RegistryCalls;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.TopicRecordNameStrategy;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AvroSerializer and AvroDeserializer together: round trips, evolution, modes and errors. */
class AvroSerdeTest {

    static final Schema EVERYTHING = new Schema.Parser().parse("""
            {"type":"record","name":"Everything","namespace":"t","fields":[
              {"name":"b","type":"boolean"},
              {"name":"i","type":"int"},
              {"name":"l","type":"long"},
              {"name":"f","type":"float"},
              {"name":"d","type":"double"},
              {"name":"bytes","type":"bytes"},
              {"name":"s","type":"string"},
              {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
              {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
              {"name":"arr","type":{"type":"array","items":"string"}},
              {"name":"map","type":{"type":"map","values":"long"}},
              {"name":"opt","type":["null","string"],"default":null},
              {"name":"nested","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}},
              {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
              {"name":"uuid","type":{"type":"string","logicalType":"uuid"}},
              {"name":"date","type":{"type":"int","logicalType":"date"}},
              {"name":"tmillis","type":{"type":"int","logicalType":"time-millis"}},
              {"name":"tmicros","type":{"type":"long","logicalType":"time-micros"}},
              {"name":"tsmillis","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"tsmicros","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"ltsmillis","type":{"type":"long","logicalType":"local-timestamp-millis"}},
              {"name":"ltsmicros","type":{"type":"long","logicalType":"local-timestamp-micros"}}
            ]}""");

    static final Schema V1 = order("");
    static final Schema V2 = order(",{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}");

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("avro-serde");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    static Schema order(String extraFields) {
        return new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"t\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}" + extraFields
                        + "]}");
    }

    static GenericRecord everything() {
        GenericRecord inner =
                new GenericData.Record(EVERYTHING.getField("nested").schema());
        inner.put("x", 7);
        GenericRecord record = new GenericData.Record(EVERYTHING);
        record.put("b", true);
        record.put("i", -42);
        record.put("l", Long.MAX_VALUE);
        record.put("f", 1.5f);
        record.put("d", Math.PI);
        record.put("bytes", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("s", "héllo");
        record.put("e", new GenericData.EnumSymbol(EVERYTHING.getField("e").schema(), "GREEN"));
        record.put("fx", new GenericData.Fixed(EVERYTHING.getField("fx").schema(), new byte[] {9, 8, 7, 6}));
        record.put("arr", List.of("a", "b"));
        record.put("map", Map.of("k", 5L));
        record.put("opt", "present");
        record.put("nested", inner);
        record.put("dec", new BigDecimal("1234567.89"));
        record.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        record.put("date", LocalDate.of(2024, 2, 29));
        record.put("tmillis", LocalTime.of(12, 34, 56, 789_000_000));
        record.put("tmicros", LocalTime.of(12, 34, 56, 789_123_000));
        record.put("tsmillis", Instant.parse("2024-02-29T12:34:56.789Z"));
        record.put("tsmicros", Instant.parse("2024-02-29T12:34:56.789123Z"));
        record.put("ltsmillis", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000));
        record.put("ltsmicros", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_123_000));
        return record;
    }

    private <T> AvroSerializer<T> serializer(SerdeConfig config) {
        return AvroSerializer.<T>builder(registry).config(config).build();
    }

    private <T> AvroDeserializer<T> deserializer(SerdeConfig config) {
        return AvroDeserializer.<T>builder(registry).config(config).build();
    }

    @Test
    void everyTypeAndLogicalTypeRoundTripsAndEncodesAsAvroItself() throws Exception {
        SerdeConfig config =
                SerdeConfig.builder().useLogicalTypeConverters(true).build();
        GenericRecord record = everything();

        byte[] frame = this.<GenericRecord>serializer(config).serialize("all", headers, record);
        GenericRecord back = this.<GenericRecord>deserializer(config).deserialize("all", headers, frame);

        assertThat(Arrays.copyOfRange(frame, 5, frame.length)).isEqualTo(plainAvro(record));
        assertThat(back).hasToString(record.toString());
        assertThat(back.get("dec")).isEqualTo(new BigDecimal("1234567.89"));
        assertThat(back.get("uuid")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(back.get("date")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(back.get("tmicros")).isEqualTo(LocalTime.of(12, 34, 56, 789_123_000));
        assertThat(back.get("tsmicros")).isEqualTo(Instant.parse("2024-02-29T12:34:56.789123Z"));
        assertThat(back.get("ltsmillis")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000));
    }

    /** Oracle: Avro's own writer with the logical-type conversions. */
    private static byte[] plainAvro(GenericRecord record) throws Exception {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.UUIDConversion());
        for (var conversion : List.of(
                new org.apache.avro.data.TimeConversions.DateConversion(),
                new org.apache.avro.data.TimeConversions.TimeMillisConversion(),
                new org.apache.avro.data.TimeConversions.TimeMicrosConversion(),
                new org.apache.avro.data.TimeConversions.TimestampMillisConversion(),
                new org.apache.avro.data.TimeConversions.TimestampMicrosConversion(),
                new org.apache.avro.data.TimeConversions.LocalTimestampMillisConversion(),
                new org.apache.avro.data.TimeConversions.LocalTimestampMicrosConversion())) {
            model.addLogicalTypeConversion(conversion);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(EVERYTHING, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void withoutConvertersLogicalTypesReadAsTheirUnderlyingTypes() {
        GenericRecord record = everything();
        byte[] frame = this.<GenericRecord>serializer(
                        SerdeConfig.builder().useLogicalTypeConverters(true).build())
                .serialize("all", headers, record);

        GenericRecord raw =
                this.<GenericRecord>deserializer(SerdeConfig.defaults()).deserialize("all", headers, frame);

        assertThat(raw.get("date")).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(raw.get("tsmillis"))
                .isEqualTo(Instant.parse("2024-02-29T12:34:56.789Z").toEpochMilli());
        assertThat(raw.get("dec")).isInstanceOf(ByteBuffer.class);
    }

    @Test
    void specificRecordsRoundTripAndSpecificReaderReturnsTheGeneratedClass() {
        byte[] frame = this.<TestOrder>serializer(SerdeConfig.defaults())
                .serialize("orders", headers, new TestOrder("o-1", 5));

        TestOrder specific = this.<TestOrder>deserializer(
                        SerdeConfig.builder().specificAvroReader(true).build())
                .deserialize("orders", headers, frame);
        GenericRecord generic =
                this.<GenericRecord>deserializer(SerdeConfig.defaults()).deserialize("orders", headers, frame);

        assertThat(specific).isInstanceOf(TestOrder.class);
        assertThat(specific.getId()).isEqualTo("o-1");
        assertThat(specific.getAmount()).isEqualTo(5);
        assertThat(generic.get("id")).hasToString("o-1");
    }

    public static final class Pojo {
        String name;
        int count;

        public Pojo() {}

        Pojo(String name, int count) {
            this.name = name;
            this.count = count;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pojo p && Objects.equals(name, p.name) && count == p.count;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, count);
        }
    }

    @Test
    void reflectPojosRoundTrip() {
        byte[] frame = this.<Pojo>serializer(SerdeConfig.defaults()).serialize("pojos", headers, new Pojo("n", 3));

        Pojo back = AvroDeserializer.<Pojo>builder(registry)
                .reflectType(Pojo.class)
                .build()
                .deserialize("pojos", headers, frame);

        assertThat(back).isEqualTo(new Pojo("n", 3));
        assertThat(registry.subjects()).containsExactly("pojos-value");
    }

    /** Avro's reflection refuses a class whose hierarchy declares a field name twice. */
    public static class Counted {
        int count;
    }

    public static final class Shadowed extends Counted {
        int count;
    }

    @Test
    void aClassAvroCannotReflectIsAClearErrorOnBothSides() {
        assertThatThrownBy(() ->
                        this.<Shadowed>serializer(SerdeConfig.defaults()).serialize("pojos", headers, new Shadowed()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot serialize value of topic 'pojos': Avro cannot derive a schema from class "
                                + Shadowed.class.getName() + ": ")
                .hasMessageEndingWith(": class " + Counted.class.getName() + " contains two fields named: int "
                        + Counted.class.getName() + ".count");
        byte[] frame = this.<Pojo>serializer(SerdeConfig.defaults()).serialize("pojos", headers, new Pojo("n", 3));

        AvroDeserializer<Shadowed> deserializer = AvroDeserializer.<Shadowed>builder(registry)
                .forKeys(true)
                .reflectType(Shadowed.class)
                .build();
        assertThatThrownBy(() -> deserializer.deserialize("pojos", headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize key of topic 'pojos' with schema id 1: Avro cannot read into class "
                                + Shadowed.class.getName() + " (no reflect schema for it): class "
                                + Counted.class.getName()
                                + " contains two fields named: int " + Counted.class.getName() + ".count");
    }

    @Test
    void primitivesRoundTrip() {
        // Every primitive type under one subject: a registry accepts that only without compatibility checks.
        registry.setCompatibility("p-value", CompatibilityLevel.NONE);
        AvroSerializer<Object> serializer = serializer(SerdeConfig.defaults());
        AvroDeserializer<Object> deserializer = deserializer(SerdeConfig.defaults());

        byte[] text = serializer.serialize("p", headers, "hello");

        assertThat(Arrays.copyOfRange(text, 5, text.length)).containsExactly(0x0a, 'h', 'e', 'l', 'l', 'o');
        assertThat(deserializer.deserialize("p", headers, text)).isEqualTo("hello");
        assertThat(deserializer.deserialize("p", headers, serializer.serialize("p", headers, 42)))
                .isEqualTo(42);
        assertThat(deserializer.deserialize("p", headers, serializer.serialize("p", headers, 42L)))
                .isEqualTo(42L);
        assertThat(deserializer.deserialize("p", headers, serializer.serialize("p", headers, true)))
                .isEqualTo(true);
        byte[] single = serializer.serialize("p", headers, -1.5f);
        assertThat(Arrays.copyOfRange(single, 5, single.length)).containsExactly(0x00, 0x00, 0xc0, 0xbf);
        assertThat(deserializer.deserialize("p", headers, single)).isEqualTo(-1.5f);
        assertThat(deserializer.deserialize("p", headers, serializer.serialize("p", headers, Math.PI)))
                .isEqualTo(Math.PI);
        byte[] bytes = serializer.serialize("p", headers, new byte[] {0, -1, 127});
        // Top-level bytes are written raw, without Avro's length prefix, as Confluent's serializer does.
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(0x00, 0xff, 0x7f);
        assertThat(deserializer.deserialize("p", headers, bytes)).isEqualTo(new byte[] {0, -1, 127});
        assertThat(deserializer.deserialize(
                        "p", headers, serializer.serialize("p", headers, ByteBuffer.wrap(new byte[] {5}))))
                .isEqualTo(new byte[] {5});
        assertThat(serializer.serialize("p", headers, null)).isNull();
        assertThat(deserializer.deserialize("p", headers, null)).isNull();
    }

    @Test
    void aBytesWriterSchemaReadsAsTheRawPayloadWhateverTheReaderSettings() {
        Schema decimal = new Schema.Parser()
                .parse("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9,\"scale\":2}");
        int id = registry.register("blobs-value", dev.ferry.registry.Schema.avro(decimal.toString()));
        byte[] frame = ByteBuffer.allocate(7)
                .put((byte) 0)
                .putInt(id)
                .put(new byte[] {0x30, 0x39})
                .array();

        List<AvroDeserializer<Object>> readers = List.of(
                deserializer(SerdeConfig.defaults()),
                deserializer(
                        SerdeConfig.builder().useLogicalTypeConverters(true).build()),
                deserializer(SerdeConfig.builder().specificAvroReader(true).build()),
                AvroDeserializer.<Object>builder(registry).readerSchema(V1).build(),
                AvroDeserializer.<Object>builder(registry)
                        .reflectType(Pojo.class)
                        .build());

        assertThat(readers).allSatisfy(reader -> assertThat(reader.deserialize("blobs", headers, frame))
                .isEqualTo(new byte[] {0x30, 0x39}));
    }

    @Test
    void aBytesSchemaWithALogicalTypeTakesRawBytesAndRefusesABigDecimalByTopicAndSubject() {
        int id = registry.register(
                "prices-value",
                dev.ferry.registry.Schema.avro(
                        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9,\"scale\":2}"));
        AvroSerializer<Object> serializer = serializer(
                USE_LATEST_VERSION.toBuilder().latestCompatibilityStrict(false).build());
        AvroSerializer<Object> converting = serializer(USE_LATEST_VERSION.toBuilder()
                .latestCompatibilityStrict(false)
                .useLogicalTypeConverters(true)
                .build());

        byte[] unscaled = serializer.serialize("prices", headers, new byte[] {0x30, 0x39});

        assertThat(Arrays.copyOfRange(unscaled, 5, unscaled.length)).containsExactly(0x30, 0x39);
        assertThatThrownBy(() -> serializer.serialize("prices", headers, new BigDecimal("123.45")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize value of topic 'prices' under subject 'prices-value' with "
                        + "schema id " + id + ": its schema is top-level {\"type\":\"bytes\","
                        + "\"logicalType\":\"decimal\",")
                .hasMessageContaining("give a byte[] or ByteBuffer, not java.math.BigDecimal")
                .hasMessageContaining("hands a top-level decimal back as raw bytes");
        assertThatThrownBy(() -> converting.serialize("prices", headers, new BigDecimal("123.45")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize value of topic 'prices': Avro cannot derive a schema from "
                        + "class java.math.BigDecimal");
        assertThatThrownBy(() -> serializer.serialize("prices", headers, "123.45"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'prices' under subject 'prices-value'")
                .hasMessageContaining("not java.lang.String");
    }

    @Test
    void recordNameStrategiesRefuseATopLevelEnumOrFixedAsConfluentsDo() {
        Schema color = new Schema.Parser()
                .parse("{\"type\":\"enum\",\"name\":\"Color\",\"namespace\":\"t\","
                        + "\"symbols\":[\"RED\",\"GREEN\"]}");
        Schema four =
                new Schema.Parser().parse("{\"type\":\"fixed\",\"name\":\"Four\",\"namespace\":\"t\",\"size\":4}");
        GenericData.EnumSymbol red = new GenericData.EnumSymbol(color, "RED");
        GenericData.Fixed fixed = new GenericData.Fixed(four, new byte[] {1, 2, 3, 4});
        AvroSerializer<Object> byRecord = serializer(SerdeConfig.builder()
                .valueSubjectNameStrategy(new RecordNameStrategy())
                .build());
        AvroSerializer<Object> byTopicAndRecord = AvroSerializer.<Object>builder(registry)
                .forKeys(true)
                .config(SerdeConfig.builder()
                        .keySubjectNameStrategy(new TopicRecordNameStrategy())
                        .build())
                .build();

        assertThatThrownBy(() -> byRecord.serialize("colors", headers, red))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize value of topic 'colors': no subject for its Avro enum "
                        + "schema t.Color, which has no record name: RecordNameStrategy needs a record schema, but the "
                        + "value schema for topic 'colors' has no record name");
        assertThatThrownBy(() -> byTopicAndRecord.serialize("colors", headers, fixed))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize key of topic 'colors': no subject for its Avro fixed "
                        + "schema t.Four, which has no record name: TopicRecordNameStrategy needs a record schema");
        assertThat(registry.subjects()).isEmpty();
        byte[] frame = this.<Object>serializer(SerdeConfig.defaults()).serialize("colors", headers, red);
        assertThat(registry.subjects()).containsExactly("colors-value");
        assertThat(deserializer(SerdeConfig.defaults()).deserialize("colors", headers, frame))
                .hasToString("RED");
    }

    @Test
    void writtenWithV1ReadWithV2AndTheReverse() {
        GenericRecord v1 = new GenericData.Record(V1);
        v1.put("id", "a");
        v1.put("amount", 1L);
        GenericRecord v2 = new GenericData.Record(V2);
        v2.put("id", "b");
        v2.put("amount", 2L);
        v2.put("currency", "USD");
        AvroSerializer<GenericRecord> serializer = serializer(SerdeConfig.defaults());

        GenericRecord v1AsV2 = AvroDeserializer.<GenericRecord>builder(registry)
                .readerSchema(V2)
                .build()
                .deserialize("orders", headers, serializer.serialize("orders", headers, v1));
        GenericRecord v2AsV1 = AvroDeserializer.<GenericRecord>builder(registry)
                .readerSchema(V1)
                .build()
                .deserialize("orders", headers, serializer.serialize("orders", headers, v2));

        assertThat(v1AsV2.get("currency")).hasToString("EUR");
        assertThat(v1AsV2.get("id")).hasToString("a");
        assertThat(v2AsV1.getSchema()).isEqualTo(V1);
        assertThat(v2AsV1.get("amount")).isEqualTo(2L);
    }

    @Test
    void aWarmSerializerAndDeserializerAskTheRegistryNothing() {
        RegistryCalls calls = RegistryCalls.around(registry);
        AvroSerializer<TestOrder> serializer =
                AvroSerializer.<TestOrder>builder(calls.client()).build();
        AvroDeserializer<TestOrder> deserializer = AvroDeserializer.<TestOrder>builder(calls.client())
                .config(SerdeConfig.builder().specificAvroReader(true).build())
                .build();
        deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, new TestOrder("w", 0)));
        int callsWhenWarm = calls.count();

        for (int i = 0; i < 100; i++) {
            TestOrder back = deserializer.deserialize(
                    "orders", headers, serializer.serialize("orders", headers, new TestOrder("o" + i, i)));
            assertThat(back.getAmount()).isEqualTo(i);
        }

        assertThat(callsWhenWarm).isPositive();
        assertThat(calls.count()).isEqualTo(callsWhenWarm);
    }

    @Test
    void threadsSharingASerializerAndDeserializerEachGetTheirOwnRecordsBack() throws Exception {
        AvroSerializer<Object> serializer = serializer(SerdeConfig.defaults());
        AvroDeserializer<Object> deserializer = deserializer(SerdeConfig.defaults());
        GenericRecord warm = new GenericData.Record(V1);
        warm.put("id", "warm");
        warm.put("amount", 0L);
        deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, warm));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                checked.add(threads.submit(() -> {
                    int roundTrips = 0;
                    for (long i = 0; i < 2_000; i++) {
                        // Each thread alternates topics and record kinds, so the shared caches keep changing.
                        GenericRecord order = new GenericData.Record(V1);
                        order.put("id", "t" + thread + "-" + i);
                        order.put("amount", i);
                        String topic = i % 2 == 0 ? "orders" : "orders-" + thread;
                        Object back =
                                deserializer.deserialize(topic, headers, serializer.serialize(topic, headers, order));
                        assertThat(back).hasToString(order.toString());
                        assertThat(deserializer.deserialize("p", headers, serializer.serialize("p", headers, "s" + i)))
                                .isEqualTo("s" + i);
                        roundTrips++;
                    }
                    return roundTrips;
                }));
            }
            for (Future<Integer> roundTrips : checked) {
                assertThat(roundTrips.get()).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void recordNameStrategyUsesTheFullName() {
        serializer(SerdeConfig.builder()
                        .valueSubjectNameStrategy(new RecordNameStrategy())
                        .build())
                .serialize("orders", headers, new TestOrder("x", 1));

        assertThat(registry.subjects()).containsExactly("dev.ferry.serdes.avro.TestOrder");
    }

    @Test
    void keysUseTheKeySubject() {
        AvroSerializer.<String>builder(registry).forKeys(true).build().serialize("orders", headers, "k");

        assertThat(registry.subjects()).containsExactly("orders-key");
    }

    @Test
    void useSchemaIdFramesWithThatId() {
        int id = registry.register("orders-value", dev.ferry.registry.Schema.avro(TestOrder.SCHEMA$.toString()));
        registry.register("other", dev.ferry.registry.Schema.avro("\"string\""));

        byte[] frame = serializer(SerdeConfig.builder()
                        .autoRegisterSchemas(false)
                        .useSchemaId(id)
                        .build())
                .serialize("orders", headers, new TestOrder("x", 1));

        assertThat(dev.ferry.serdes.internal.WireFormat.readSchemaId(frame, "t", false))
                .isEqualTo(id);
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaId() {
        registry.register("orders-value", dev.ferry.registry.Schema.avro(V1.toString()));
        int latest = registry.register("orders-value", dev.ferry.registry.Schema.avro(V2.toString()));
        GenericRecord v2 = new GenericData.Record(V2);
        v2.put("id", "b");
        v2.put("amount", 2L);
        v2.put("currency", "USD");

        byte[] frame = this.<GenericRecord>serializer(USE_LATEST_VERSION).serialize("orders", headers, v2);

        assertThat(dev.ferry.serdes.internal.WireFormat.readSchemaId(frame, "t", false))
                .isEqualTo(latest);
    }

    @Test
    void useLatestVersionStrictRejectsARecordTheLatestCannotRead() {
        Schema latest = order(",{\"name\":\"note\",\"type\":\"string\"}");
        registry.register("orders-value", dev.ferry.registry.Schema.avro(latest.toString()));
        GenericRecord v1 = new GenericData.Record(V1);
        v1.put("id", "a");
        v1.put("amount", 1L);

        assertThatThrownBy(
                        () -> this.<GenericRecord>serializer(USE_LATEST_VERSION).serialize("orders", headers, v1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("t.Order.note");
    }

    @Test
    void aNullInANonNullFieldNamesTopicSubjectAndField() {
        GenericRecord broken = new GenericData.Record(V1);
        broken.put("amount", 1L);

        assertThatThrownBy(() ->
                        this.<GenericRecord>serializer(SerdeConfig.defaults()).serialize("orders", headers, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot serialize value of topic 'orders' under subject 'orders-value' with schema id ")
                .hasMessageEndingWith(": null value for (non-nullable) string at Order.id");
    }

    @Test
    void aWrongTypeNamesTheField() {
        GenericRecord broken = new GenericData.Record(V1);
        broken.put("id", "a");
        broken.put("amount", "not a long");

        assertThatThrownBy(() ->
                        this.<GenericRecord>serializer(SerdeConfig.defaults()).serialize("orders", headers, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("amount");
    }

    @Test
    void anUnregisteredSchemaWithoutAutoRegistrationIsAClearError() {
        assertThatThrownBy(() -> serializer(
                                SerdeConfig.builder().autoRegisterSchemas(false).build())
                        .serialize("orders", headers, new TestOrder("x", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("not registered and auto.register.schemas=false");
    }

    @Test
    void anIncompatibleSchemaRejectedByTheRegistryIsAClearError() {
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        registry.register("orders-value", dev.ferry.registry.Schema.avro(V1.toString()));
        GenericRecord incompatible = new GenericData.Record(order(",{\"name\":\"note\",\"type\":\"string\"}"));
        incompatible.put("id", "a");
        incompatible.put("amount", 1L);
        incompatible.put("note", "n");

        assertThatThrownBy(() -> this.<GenericRecord>serializer(SerdeConfig.defaults())
                        .serialize("orders", headers, incompatible))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("t.Order.note");
    }

    @Test
    void deserializationErrorsSayWhatAndWhere() {
        AvroDeserializer<Object> deserializer = deserializer(SerdeConfig.defaults());
        byte[] frame = serializer(SerdeConfig.defaults()).serialize("orders", headers, new TestOrder("abc", 1));

        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {2, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x02 at byte 0");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated frame of 5 bytes, the schema GUID");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated frame of 3 bytes");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 99 (bytes 1 to 4) is unknown");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, Arrays.copyOf(frame, 7)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("value of topic 'orders'")
                .hasMessageContaining("payload starting at byte 5 is unreadable");
    }

    @Test
    void aSerializerWithoutRegistryTellsHowToConfigureIt() {
        assertThatThrownBy(() -> new AvroSerializer<String>().serialize("t", headers, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure");
        assertThatThrownBy(() -> new AvroSerializer<String>().configure(Map.of(), false))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration schema.registry.url: is required: AvroSerializer"
                        + " needs a schema registry");
    }
}
