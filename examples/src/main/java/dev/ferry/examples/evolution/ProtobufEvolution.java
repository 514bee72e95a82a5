package dev.ferry.examples.evolution;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.ferry.common.Headers;
import dev.ferry.examples.evolution.SchemaEvolution.Check;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.schemas.proto.OrderEvent;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.TopicRecordNameStrategy;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Protobuf: v1 and v2 of OrderEvent on one topic. Protobuf readers ignore the writer's schema: a v2
 * reader of a v1 record finds no field 7 (has_channel() is false; proto3 has no custom defaults),
 * a v1 reader of a v2 record keeps field 7 as an unknown field and writes it out again.
 *
 * <p>The v2 type is {@code ferry.schemas.v2.OrderEvent} so that both versions load in one JVM; to a
 * registry that is another message, so each version is registered under its own subject
 * ({@link TopicRecordNameStrategy}). A project that edits its .proto in place registers v2 as the
 * next version of the same subject.
 */
final class ProtobufEvolution {
    static final String TOPIC = "ferry-evolution-protobuf";
    private static final int CHANNEL_FIELD = dev.ferry.schemas.proto.v2.OrderEvent.CHANNEL_FIELD_NUMBER;

    private ProtobufEvolution() {}

    static List<Check> run(ExampleEnvironment env, PrintStream out) {
        SchemaRegistryClient registry = env.registry();
        Map<TopicPartition, Long> start = EvolutionTopic.create(env, TOPIC);
        SerdeConfig byRecordName = SerdeConfig.builder()
                .valueSubjectNameStrategy(new TopicRecordNameStrategy())
                .build();

        OrderEvent v1 = SampleOrders.protobuf(1);
        dev.ferry.schemas.proto.v2.OrderEvent v2 =
                v2(SampleOrders.protobuf(2)).toBuilder().setChannel("app").build();
        EvolutionTopic.Written written = EvolutionTopic.writeBoth(
                env,
                TOPIC,
                start,
                new EvolutionTopic.Version<>(
                        ProtobufSerializer.<OrderEvent>builder(registry)
                                .config(byRecordName)
                                .build(),
                        v1.getOrderId(),
                        v1),
                new EvolutionTopic.Version<>(
                        ProtobufSerializer.<dev.ferry.schemas.proto.v2.OrderEvent>builder(registry)
                                .config(byRecordName)
                                .build(),
                        v2.getOrderId(),
                        v2));
        byte[] writtenWithV1 = written.withV1();
        byte[] writtenWithV2 = written.withV2();

        out.printf("Protobuf: topic %s, one subject per message type (TopicRecordNameStrategy)%n", TOPIC);
        out.printf(
                "  %s written with v1 (%s): schema id %d%n",
                v1.getOrderId(), OrderEvent.getDescriptor().getFullName(), EvolutionTopic.schemaId(writtenWithV1));
        out.printf(
                "  %s written with v2 (%s, channel \"app\"): schema id %d%n",
                v2.getOrderId(),
                dev.ferry.schemas.proto.v2.OrderEvent.getDescriptor().getFullName(),
                EvolutionTopic.schemaId(writtenWithV2));

        var readWithV1 = ProtobufDeserializer.<OrderEvent>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(OrderEvent.class)
                        .build())
                .build();
        var readWithV2 = ProtobufDeserializer.<dev.ferry.schemas.proto.v2.OrderEvent>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(dev.ferry.schemas.proto.v2.OrderEvent.class)
                        .build())
                .build();
        dev.ferry.schemas.proto.v2.OrderEvent v2ReadsV1 = readWithV2.deserialize(TOPIC, new Headers(), writtenWithV1);
        dev.ferry.schemas.proto.v2.OrderEvent v2ReadsV2 = readWithV2.deserialize(TOPIC, new Headers(), writtenWithV2);
        OrderEvent v1ReadsV2 = readWithV1.deserialize(TOPIC, new Headers(), writtenWithV2);
        OrderEvent v1ReadsV1 = readWithV1.deserialize(TOPIC, new Headers(), writtenWithV1);
        dev.ferry.schemas.proto.v2.OrderEvent passedOn = v2(v1ReadsV2);

        List<Check> checks = List.of(
                new Check(
                        "v2 reads the v1 record: has_channel() = " + v2ReadsV1.hasChannel() + ", channel() = \""
                                + v2ReadsV1.getChannel() + "\" (no field " + CHANNEL_FIELD
                                + " on the wire; proto3 has no custom "
                                + "defaults); every other field as written",
                        !v2ReadsV1.hasChannel() && v2ReadsV1.equals(v2(v1))),
                new Check(
                        "v2 reads the v2 record: channel = \"" + v2ReadsV2.getChannel() + "\", as written",
                        v2ReadsV2.equals(v2)),
                new Check(
                        "v1 reads the v2 record: field " + CHANNEL_FIELD + " kept as an unknown field ("
                                + v1ReadsV2.getUnknownFields().hasField(CHANNEL_FIELD)
                                + "); passed on, v2 reads channel = \""
                                + passedOn.getChannel() + "\" again; every v1 field as written",
                        v1ReadsV2.getUnknownFields().hasField(CHANNEL_FIELD)
                                && passedOn.equals(v2)
                                && v1ReadsV2.toBuilder()
                                        .setUnknownFields(UnknownFieldSet.getDefaultInstance())
                                        .build()
                                        .equals(SampleOrders.protobuf(2))),
                new Check("v1 reads the v1 record: as written", v1ReadsV1.equals(v1)));
        checks.forEach(check -> check.print(out));
        return checks;
    }

    /** A v1 order read as v2: the same bytes parsed with the v2 class, as a v2 service would receive them. */
    private static dev.ferry.schemas.proto.v2.OrderEvent v2(OrderEvent v1) {
        try {
            return dev.ferry.schemas.proto.v2.OrderEvent.parseFrom(v1.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a v1 OrderEvent is not readable as v2: " + e.getMessage(), e);
        }
    }
}
