package dev.ferry.serdes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.registry.Schema;
import dev.ferry.serdes.json.JsonSchemaFormat;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON Schemas derived from class shapes, checked by an independent oracle: networknt's validator
 * accepts each schema as a schema of its draft (against the draft's meta-schema), accepts the
 * sample value as Jackson serializes it, and rejects a sample that breaks the schema; Ferry's own
 * {@link JsonSchemaFormat} accepts the text the serializer registers.
 */
class ClassSchemaGeneratorTest {

    /** Users' mappers need these modules for Optional and java.time, as with Confluent's serializer. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    public record Primitives(int i, long l, double d, float f, boolean b, short s, byte by, char c) {}

    public static final class Boxed {
        public Integer count;
        public Long total;
        public Double ratio;
        public Boolean flag;
    }

    public record Numbers(BigDecimal amount, BigInteger big, String label) {}

    public enum Color {
        RED,
        GREEN
    }

    public record Painted(Color color, List<Color> history) {}

    public enum Level {
        LOW("low"),
        HIGH("high");

        private final String wire;

        Level(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public record Leveled(Level level) {}

    public record Inner(String name, int rank) {}

    public record Outer(Inner inner, String note) {}

    public record TreeNode(String name, List<TreeNode> children) {}

    public record Chain(int value, Chain next) {}

    public record Optionals(Optional<String> note, Optional<Integer> count) {}

    public record Lists(List<String> names, List<Inner> inners) {}

    public record Sets(Set<Integer> ids) {}

    public record Maps(Map<String, Long> totals, Map<String, Inner> byName) {}

    public record Arrays(int[] ints, String[] names, Inner[] inners) {}

    public record Times(
            Instant at, LocalDate day, LocalTime time, LocalDateTime local, OffsetDateTime offset, Duration took) {}

    public record Identifiers(UUID id, URI link) {}

    public static final class Annotated {
        @JsonProperty("order_id")
        @JsonPropertyDescription("The order's id, as the shop gives it")
        public String orderId;

        @JsonIgnore
        public String secret;

        @JsonProperty(required = true)
        public long amount;
    }

    public static class Base {
        public String id;
    }

    public static final class Derived extends Base {
        public int extra;
    }

    public static class Box<T> {
        public T value;
    }

    public static final class StringBox extends Box<String> {}

    public record Pair<A, B>(A first, B second) {}

    public record Empty() {}

    @JsonPropertyOrder({"zeta", "alpha"})
    public record Ordered(String alpha, String zeta) {}

    public record Line(String sku, int quantity, BigDecimal price) {}

    public record Order(UUID id, List<Line> lines, Map<String, Line> bySku, Optional<Instant> shippedAt, Color color) {}

    /** One shape: a class, a value of it, and JSON its schema must refuse. */
    record Shape(Class<?> type, Object sample, String refused) {}

    static List<Shape> shapes() {
        Boxed boxed = new Boxed();
        boxed.count = 3;
        boxed.total = null;
        boxed.ratio = 0.5;
        boxed.flag = true;
        Annotated annotated = new Annotated();
        annotated.orderId = "o-1";
        annotated.secret = "never written";
        annotated.amount = 12;
        Derived derived = new Derived();
        derived.id = "d-1";
        derived.extra = 7;
        StringBox stringBox = new StringBox();
        stringBox.value = "boxed";
        Box<Integer> rawBox = new Box<>();
        rawBox.value = 5;
        Inner inner = new Inner("n", 1);
        Line line = new Line("sku-1", 2, new BigDecimal("9.99"));
        return List.of(
                new Shape(
                        Primitives.class,
                        new Primitives(1, 2L, 3.5, 4.5f, true, (short) 6, (byte) 7, 'x'),
                        "{\"i\":\"one\"}"),
                new Shape(Boxed.class, boxed, "{\"count\":1.5}"),
                new Shape(
                        Numbers.class,
                        new Numbers(new BigDecimal("12.34"), new BigInteger("123456789012345678901234"), null),
                        "{\"amount\":\"12.34\"}"),
                new Shape(
                        Painted.class, new Painted(Color.RED, List.of(Color.GREEN, Color.RED)), "{\"color\":\"BLUE\"}"),
                new Shape(Leveled.class, new Leveled(Level.HIGH), "{\"level\":\"HIGH\"}"),
                new Shape(Outer.class, new Outer(inner, "note"), "{\"inner\":{\"rank\":\"first\"}}"),
                new Shape(
                        TreeNode.class,
                        new TreeNode("root", List.of(new TreeNode("leaf", List.of()))),
                        "{\"name\":\"root\",\"children\":[{\"name\":1}]}"),
                new Shape(Chain.class, new Chain(1, new Chain(2, null)), "{\"value\":1,\"next\":{\"value\":\"two\"}}"),
                new Shape(
                        Optionals.class,
                        new Optionals(Optional.of("n"), Optional.empty()),
                        "{\"note\":{\"present\":true}}"),
                new Shape(Lists.class, new Lists(List.of("a", "b"), List.of(inner)), "{\"names\":[1]}"),
                new Shape(Sets.class, new Sets(new LinkedHashSet<>(List.of(1, 2))), "{\"ids\":[\"a\"]}"),
                new Shape(
                        Maps.class,
                        new Maps(new LinkedHashMap<>(Map.of("a", 1L)), Map.of("n", inner)),
                        "{\"totals\":{\"a\":\"many\"}}"),
                new Shape(
                        Arrays.class,
                        new Arrays(new int[] {1, 2}, new String[] {"x"}, new Inner[] {inner}),
                        "{\"ints\":[\"1\"]}"),
                new Shape(
                        Times.class,
                        new Times(
                                Instant.parse("2026-12-03T21:00:00Z"),
                                LocalDate.of(2026, 12, 3),
                                LocalTime.of(21, 0),
                                LocalDateTime.of(2026, 12, 3, 21, 0),
                                OffsetDateTime.of(2026, 12, 3, 21, 0, 0, 0, ZoneOffset.UTC),
                                Duration.ofSeconds(90)),
                        "{\"at\":1764795600000}"),
                new Shape(
                        Identifiers.class,
                        new Identifiers(
                                UUID.fromString("6f1c6bd4-0b7e-4a52-9a43-5c2f1f0b8f11"),
                                URI.create("https://ferry.dev/o/1")),
                        "{\"id\":42}"),
                new Shape(Annotated.class, annotated, "{\"order_id\":\"o-1\"}"),
                new Shape(Derived.class, derived, "{\"id\":1,\"extra\":1}"),
                new Shape(StringBox.class, stringBox, "{\"value\":5}"),
                new Shape(Box.class, rawBox, "{\"value\":5,\"other\":1}"),
                new Shape(Pair.class, new Pair<>("a", 1), "{\"third\":1}"),
                new Shape(Empty.class, new Empty(), "{\"anything\":1}"),
                new Shape(Ordered.class, new Ordered("a", "z"), "{\"alpha\":1}"),
                new Shape(
                        Order.class,
                        new Order(
                                UUID.fromString("6f1c6bd4-0b7e-4a52-9a43-5c2f1f0b8f11"),
                                List.of(line),
                                Map.of("sku-1", line),
                                Optional.of(Instant.parse("2026-12-03T21:00:00Z")),
                                Color.GREEN),
                        "{\"lines\":[{\"quantity\":\"2\"}]}"));
    }

    static Stream<Arguments> shapesInEachDraft() {
        return Stream.of(JsonSchemaSpecVersion.values()).flatMap(version -> shapes().stream()
                .map(shape -> Arguments.of(version, shape.type().getSimpleName(), shape)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesInEachDraft")
    void theSchemaIsValidForItsDraftAcceptsTheJacksonSampleAndRefusesABrokenOne(
            JsonSchemaSpecVersion version, String name, Shape shape) throws JsonProcessingException {
        String schema = new ClassSchemaGenerator(version, true).generate(shape.type());
        SchemaRegistry validators = SchemaRegistry.withDefaultDialect(oracleDraft(version));
        String sample = MAPPER.writeValueAsString(shape.sample());

        assertThat(validators
                        .getSchema(SchemaLocation.of(oracleDraft(version).getDialectId()))
                        .validate(schema, InputFormat.JSON))
                .as("%s as a %s schema", schema, version)
                .isEmpty();
        assertThat(validators.getSchema(schema).validate(sample, InputFormat.JSON))
                .as("%s against %s", sample, schema)
                .isEmpty();
        assertThat(validators.getSchema(schema).validate(shape.refused(), InputFormat.JSON))
                .as("%s against %s", shape.refused(), schema)
                .isNotEmpty();
        assertThat(new JsonSchemaFormat().parse(Schema.json(schema), Map.of()).definedNames())
                .containsExactly(shape.type().getName());
    }

    @Test
    void theSameClassGivesTheSameTextFromIndependentGenerators() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (Shape shape : shapes()) {
            first.add(new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, true).generate(shape.type()));
            second.add(new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, true).generate(shape.type()));
        }

        assertThat(second).isEqualTo(first);
    }

    @Test
    void propertiesAreSortedByNameUnlessJsonPropertyOrderSaysOtherwise() {
        ClassSchemaGenerator generator = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_2020_12, true);

        assertThat(generator.generate(Ordered.class))
                .contains("\"properties\":{\"zeta\":{\"type\":[\"string\",\"null\"]}," + "\"alpha\":");
        assertThat(generator.generate(Outer.class)).contains("\"properties\":{\"inner\":");
        assertThat(generator.generate(Inner.class)).contains("\"properties\":{\"name\":");
    }

    @Test
    void failUnknownPropertiesOffAllowsWhatTheClassDoesNotDeclare() throws JsonProcessingException {
        String open = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, false).generate(Inner.class);
        String closed = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, true).generate(Inner.class);
        SchemaRegistry validators = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        String extended = "{\"name\":\"n\",\"rank\":1,\"added\":true}";

        assertThat(validators.getSchema(open).validate(extended, InputFormat.JSON))
                .isEmpty();
        assertThat(validators.getSchema(closed).validate(extended, InputFormat.JSON))
                .isNotEmpty();
    }

    @Test
    void theDraftIsNamedInTheText() {
        assertThat(new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, true).generate(Inner.class))
                .startsWith("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"");
        assertThat(new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_2020_12, true).generate(TreeNode.class))
                .startsWith("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"");
    }

    private static SpecificationVersion oracleDraft(JsonSchemaSpecVersion version) {
        return switch (version) {
            case DRAFT_6 -> SpecificationVersion.DRAFT_6;
            case DRAFT_7 -> SpecificationVersion.DRAFT_7;
            case DRAFT_2019_09 -> SpecificationVersion.DRAFT_2019_09;
            case DRAFT_2020_12 -> SpecificationVersion.DRAFT_2020_12;
        };
    }
}
