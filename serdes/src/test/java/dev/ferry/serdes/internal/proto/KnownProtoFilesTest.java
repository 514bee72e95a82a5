package dev.ferry.serdes.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The known imports are Confluent's, and each builds to the descriptor the publisher's generated
 * class embeds, from which Confluent's clients take it: for {@code google/type/*} the classes of
 * Google's common-protos jar (test scope only), for {@code confluent/*} the descriptors of
 * Confluent's generated classes, decoded into {@code known-types/confluent-descriptors.txtpb}.
 */
class KnownProtoFilesTest {

    /** {@code ProtobufSchema.KNOWN_DEPENDENCIES} of confluentinc/schema-registry at 794611b. */
    static final Set<String> CONFLUENT_KNOWN = Set.of(
            "confluent/meta.proto",
            "confluent/type/decimal.proto",
            "confluent/type/variant.proto",
            "google/type/calendar_period.proto",
            "google/type/color.proto",
            "google/type/date.proto",
            "google/type/datetime.proto",
            "google/type/dayofweek.proto",
            "google/type/decimal.proto",
            "google/type/expr.proto",
            "google/type/fraction.proto",
            "google/type/interval.proto",
            "google/type/latlng.proto",
            "google/type/money.proto",
            "google/type/month.proto",
            "google/type/phone_number.proto",
            "google/type/postal_address.proto",
            "google/type/quaternion.proto",
            "google/type/timeofday.proto",
            "google/protobuf/any.proto",
            "google/protobuf/api.proto",
            "google/protobuf/descriptor.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/empty.proto",
            "google/protobuf/field_mask.proto",
            "google/protobuf/source_context.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto",
            "google/protobuf/type.proto",
            "google/protobuf/wrappers.proto");

    @Test
    void theKnownImportsAreThoseConfluentsClientsResolveWithoutAReference() {
        assertThat(KnownProtoFiles.names()).containsExactlyInAnyOrderElementsOf(CONFLUENT_KNOWN);
        for (String name : CONFLUENT_KNOWN) {
            assertThat(KnownProtoFiles.isKnown(name)).as(name).isTrue();
            assertThat(KnownProtoFiles.file(name).getName()).as(name).isEqualTo(name);
        }
        // In Google's jar, but not among Confluent's known types: a schema must reference it.
        assertThat(KnownProtoFiles.isKnown("google/type/localized_text.proto")).isFalse();
        assertThat(KnownProtoFiles.file("google/type/localized_text.proto")).isNull();
    }

    static Stream<FileDescriptor> googleTypes() {
        return Stream.of(
                com.google.type.CalendarPeriodProto.getDescriptor(),
                com.google.type.ColorProto.getDescriptor(),
                com.google.type.DateProto.getDescriptor(),
                com.google.type.DateTimeProto.getDescriptor(),
                com.google.type.DayOfWeekProto.getDescriptor(),
                com.google.type.DecimalProto.getDescriptor(),
                com.google.type.ExprProto.getDescriptor(),
                com.google.type.FractionProto.getDescriptor(),
                com.google.type.IntervalProto.getDescriptor(),
                com.google.type.LatLngProto.getDescriptor(),
                com.google.type.MoneyProto.getDescriptor(),
                com.google.type.MonthProto.getDescriptor(),
                com.google.type.PhoneNumberProto.getDescriptor(),
                com.google.type.PostalAddressProto.getDescriptor(),
                com.google.type.QuaternionProto.getDescriptor(),
                com.google.type.TimeOfDayProto.getDescriptor());
    }

    @ParameterizedTest
    @MethodSource("googleTypes")
    void eachGoogleTypeIsTheDescriptorItsGeneratedClassEmbeds(FileDescriptor generated) {
        FileDescriptor known = KnownProtoFiles.file(generated.getName());

        assertThat(known.toProto()).isEqualTo(generated.toProto());
        // The text a serializer registers with skip.known.types=false is then the generated class's.
        assertThat(ProtoFiles.text(known)).isEqualTo(ProtoFiles.text(generated));
    }

    static Stream<FileDescriptorProto> confluentTypes() throws IOException {
        FileDescriptorSet.Builder compiled = FileDescriptorSet.newBuilder();
        TextFormat.merge(
                Files.readString(
                        Path.of("src/test/resources/known-types/confluent-descriptors.txtpb"), StandardCharsets.UTF_8),
                compiled);
        assertThat(compiled.getFileCount()).isEqualTo(3);
        return compiled.getFileList().stream();
    }

    @ParameterizedTest
    @MethodSource("confluentTypes")
    void eachConfluentTypeIsTheDescriptorConfluentsGeneratedClassEmbeds(FileDescriptorProto compiled) {
        assertThat(KnownProtoFiles.file(compiled.getName()).toProto()).isEqualTo(compiled);
    }

    @Test
    void confluentsMetaOptionsResolveAgainstTheKnownFileWithoutAReference() {
        FileDescriptor file = ProtoFiles.build("person.proto", """
                syntax = "proto3";
                package acme;
                import "confluent/meta.proto";
                message Person {
                  string ssn = 1 [(confluent.field_meta) = { doc: "national id", tags: ["PII"] }];
                }
                """, Map.of());

        FieldDescriptor fieldMeta = KnownProtoFiles.file("confluent/meta.proto").findExtensionByName("field_meta");
        assertThat(fieldMeta.getNumber()).isEqualTo(1088);
        Message options =
                file.findMessageTypeByName("Person").findFieldByName("ssn").getOptions();
        assertThat(options.getAllFields()).containsKey(fieldMeta);
        Message meta = (Message) options.getField(fieldMeta);
        assertThat(meta.getField(meta.getDescriptorForType().findFieldByName("doc")))
                .isEqualTo("national id");
        assertThat(meta.getField(meta.getDescriptorForType().findFieldByName("tags")))
                .isEqualTo(java.util.List.of("PII"));
    }
}
