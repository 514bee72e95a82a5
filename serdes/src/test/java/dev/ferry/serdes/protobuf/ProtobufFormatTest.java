package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.registry.spi.SchemaFormats;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtobufFormatTest {

    static final String MONEY = """
            syntax = "proto3";
            package acme.money;
            option java_package = "com.acme.money";
            message Money {
              string currency = 1;
              int64 units = 2;
            }
            """;

    static final String ORDER = """
            syntax = "proto3";
            // an order, with every construct the parser supports
            package acme.orders;

            import "money.proto";
            import "google/protobuf/timestamp.proto";

            option java_multiple_files = true;
            option (custom.tolerated) = { a: 1 };

            message Order {
              string id = 1;
              acme.money.Money total = 2;
              repeated Line lines = 3;
              map<string, int32> tags = 4;
              oneof payment {
                string card = 5;
                string iban = 6 [deprecated = true];
              }
              optional string note = 7;
              Status status = 8;
              google.protobuf.Timestamp created_at = 9;
              reserved 10, 20 to 25;
              reserved "legacy";

              message Line {
                string sku = 1;
                uint32 quantity = 2 [json_name = "qty"];
                message Discount { double percent = 1; }
              }
              enum Status {
                STATUS_UNSPECIFIED = 0;
                PLACED = 1;
                SHIPPED = 2;
              }
            }

            message Shipment {
              string order_id = 1;
            }

            service Orders {
              rpc Place (Order) returns (Shipment);
            }
            """;

    final ProtobufFormat format = new ProtobufFormat();

    @Test
    void isFoundThroughServiceLoader() {
        assertThat(SchemaFormats.find(SchemaType.PROTOBUF)).get().isInstanceOf(ProtobufFormat.class);
    }

    @Test
    void parsesEveryConstructIntoDescriptorsResolvingImports() {
        ParsedSchema parsed = format.parse(Schema.protobuf(ORDER), Map.of("money.proto", MONEY));

        FileDescriptor file = ProtobufFormat.fileDescriptor(parsed);
        Descriptor order = file.findMessageTypeByName("Order");
        assertThat(order.findFieldByName("total").getMessageType().getFullName())
                .isEqualTo("acme.money.Money");
        assertThat(order.findFieldByName("lines").isRepeated()).isTrue();
        assertThat(order.findFieldByName("tags").isMapField()).isTrue();
        assertThat(order.findFieldByName("card").getRealContainingOneof().getName())
                .isEqualTo("payment");
        assertThat(order.findFieldByName("note").hasPresence()).isTrue();
        assertThat(order.findFieldByName("note").getRealContainingOneof()).isNull();
        assertThat(order.findFieldByName("status").getEnumType().getFullName()).isEqualTo("acme.orders.Order.Status");
        assertThat(order.findFieldByName("created_at").getMessageType())
                .isEqualTo(TimestampProto.getDescriptor().findMessageTypeByName("Timestamp"));
        assertThat(order.isReservedNumber(22)).isTrue();
        assertThat(order.isReservedName("legacy")).isTrue();
        assertThat(order.findNestedTypeByName("Line")
                        .findFieldByName("quantity")
                        .getJsonName())
                .isEqualTo("qty");
        assertThat(file.getServices().get(0).getMethods().get(0).getInputType()).isEqualTo(order);
        assertThat(parsed.definedNames())
                .containsExactly(
                        "acme.orders.Order",
                        "acme.orders.Shipment",
                        "acme.orders.Order.Line",
                        "acme.orders.Order.Line.Discount");
        assertThat(parsed.declaredReferences()).containsExactly("money.proto", "google/protobuf/timestamp.proto");
    }

    @Test
    void mapEntriesAreNestedTypesAtTheirDeclarationPlaceAsProtocDoes() {
        ParsedSchema parsed = format.parse(Schema.protobuf("""
                syntax = "proto3";
                message A {
                  message First {}
                  map<string, First> by_name = 1;
                  message Second {}
                }
                """), Map.of());

        Descriptor a = ProtobufFormat.fileDescriptor(parsed).getMessageTypes().get(0);
        assertThat(a.getNestedTypes())
                .extracting(Descriptor::getName)
                .containsExactly("First", "ByNameEntry", "Second");
    }

    @Test
    void dataWrittenWithTheParsedDescriptorIsReadByTheSameShapeBuiltByProtobuf() throws Exception {
        FileDescriptor file =
                ProtobufFormat.fileDescriptor(format.parse(Schema.protobuf(ORDER), Map.of("money.proto", MONEY)));
        Descriptor order = file.findMessageTypeByName("Order");
        DynamicMessage message = DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("id"), "o-1")
                .setField(order.findFieldByName("card"), "4111")
                .build();

        DynamicMessage back = DynamicMessage.parseFrom(order, message.toByteArray());

        assertThat(back).isEqualTo(message);
        assertThat(back.getField(order.findFieldByName("card"))).isEqualTo("4111");
    }

    /** Oracle: protoc's own descriptors, embedded in protobuf-java, printed by Ferry and parsed back. */
    @ParameterizedTest
    @MethodSource("protocFiles")
    void printingAndReparsingProtocOutputGivesTheSameDescriptor(FileDescriptor original) {
        String text = ProtoFiles.text(original);
        Map<String, String> dependencies = new java.util.HashMap<>();
        for (FileDescriptor dependency : original.getDependencies()) {
            dependencies.put(dependency.getName(), ProtoFiles.text(dependency));
        }

        FileDescriptor reparsed = ProtoFiles.build(original.getName(), text, dependencies);

        DescriptorProtos.FileDescriptorProto expected = stripOptions(ProtoFiles.resolvedProto(original));
        DescriptorProtos.FileDescriptorProto actual = stripOptions(ProtoFiles.resolvedProto(reparsed));
        assertThat(actual.getMessageTypeList()).isEqualTo(expected.getMessageTypeList());
        assertThat(actual.getEnumTypeList()).isEqualTo(expected.getEnumTypeList());
        assertThat(ProtoFiles.text(reparsed)).isEqualTo(text);
    }

    static List<FileDescriptor> protocFiles() {
        return List.of(
                TimestampProto.getDescriptor(),
                StructProto.getDescriptor(),
                com.google.protobuf.TypeProto.getDescriptor(),
                DescriptorProtos.getDescriptor());
    }

    private static DescriptorProtos.FileDescriptorProto stripOptions(DescriptorProtos.FileDescriptorProto file) {
        DescriptorProtos.FileDescriptorProto.Builder builder = file.toBuilder().clearOptions();
        for (int i = 0; i < builder.getMessageTypeCount(); i++) {
            builder.setMessageType(i, stripJsonNames(builder.getMessageType(i)));
        }
        for (int i = 0; i < builder.getEnumTypeCount(); i++) {
            builder.setEnumType(i, stripEnumOptions(builder.getEnumType(i)));
        }
        return builder.build();
    }

    private static DescriptorProtos.DescriptorProto stripJsonNames(DescriptorProtos.DescriptorProto message) {
        DescriptorProtos.DescriptorProto.Builder builder = message.toBuilder();
        for (DescriptorProtos.FieldDescriptorProto.Builder field : builder.getFieldBuilderList()) {
            DescriptorProtos.FieldOptions options = field.getOptions();
            DescriptorProtos.FieldOptions.Builder kept = DescriptorProtos.FieldOptions.newBuilder();
            for (String name :
                    List.of("packed", "deprecated", "ctype", "jstype", "lazy", "unverified_lazy", "debug_redact")) {
                FieldDescriptor option =
                        DescriptorProtos.FieldOptions.getDescriptor().findFieldByName(name);
                if (options.hasField(option)) {
                    kept.setField(option, options.getField(option));
                }
            }
            field.clearJsonName().clearOptions();
            if (!kept.getAllFields().isEmpty()) {
                field.setOptions(kept);
            }
        }
        for (int i = 0; i < builder.getNestedTypeCount(); i++) {
            builder.setNestedType(i, stripJsonNames(builder.getNestedType(i)));
        }
        for (int i = 0; i < builder.getEnumTypeCount(); i++) {
            builder.setEnumType(i, stripEnumOptions(builder.getEnumType(i)));
        }
        return builder.build();
    }

    /** Ferry keeps allow_alias and deprecated; protoc's descriptors carry feature options it drops. */
    private static DescriptorProtos.EnumDescriptorProto stripEnumOptions(
            DescriptorProtos.EnumDescriptorProto enumType) {
        DescriptorProtos.EnumDescriptorProto.Builder builder = enumType.toBuilder();
        if (!enumType.getOptions().getAllowAlias()) {
            builder.clearOptions();
        }
        for (DescriptorProtos.EnumValueDescriptorProto.Builder value : builder.getValueBuilderList()) {
            boolean deprecated = value.getOptions().getDeprecated();
            value.clearOptions();
            if (deprecated) {
                value.getOptionsBuilder().setDeprecated(true);
            }
        }
        return builder.build();
    }

    @Test
    void canonicalFormIgnoresFormattingAndNormalizedFormIgnoresFieldOrder() {
        ParsedSchema compact =
                format.parse(Schema.protobuf("syntax=\"proto3\";package p;message M{int32 a=1;string b=2;}"), Map.of());
        ParsedSchema spaced = format.parse(Schema.protobuf("""
                syntax = "proto3";
                package p;
                // a comment
                message M {
                  int32   a = 1;
                  string  b = 2;
                }
                """), Map.of());
        ParsedSchema reordered =
                format.parse(Schema.protobuf("syntax=\"proto3\";package p;message M{string b=2;int32 a=1;}"), Map.of());

        assertThat(spaced.canonical()).isEqualTo(compact.canonical());
        assertThat(reordered.canonical()).isNotEqualTo(compact.canonical());
        assertThat(reordered.normalized()).isEqualTo(compact.normalized());
    }

    @Test
    void relativeAndFullyQualifiedTypeNamesHaveTheSameCanonicalForm() {
        ParsedSchema relative =
                format.parse(Schema.protobuf("syntax=\"proto3\";package p;message A{B b=1;} message B{}"), Map.of());
        ParsedSchema qualified =
                format.parse(Schema.protobuf("syntax=\"proto3\";package p;message A{.p.B b=1;} message B{}"), Map.of());

        assertThat(relative.canonical()).isEqualTo(qualified.canonical());
    }

    /** A weak import stays in the file and in its text, as Wire's own printer writes it. */
    @Test
    void aWeakImportIsKeptAndPrintedAsWirePrintsIt() {
        String text = """
                syntax = "proto3";
                package p;

                import "x/strong.proto";
                import weak "x/weak.proto";

                message M {
                  string a = 1;
                }
                """;
        Map<String, String> references = Map.of(
                "x/strong.proto", "syntax = \"proto3\";\npackage x;\nmessage S {}\n",
                "x/weak.proto", "syntax = \"proto3\";\npackage x;\nmessage W {}\n");

        ParsedSchema parsed = format.parse(Schema.protobuf(text), references);

        assertThat(ProtobufFormat.fileDescriptor(parsed).toProto().getWeakDependencyList())
                .containsExactly(1);
        String wire = com.squareup.wire.schema.internal.parser.ProtoParser.Companion.parse(
                        com.squareup.wire.schema.Location.get("schema.proto"), text)
                .toSchema();
        String imports = "\nimport \"x/strong.proto\";\nimport weak \"x/weak.proto\";\n";
        assertThat(wire).contains(imports);
        assertThat(parsed.canonical()).contains(imports);
        assertThat(format.parse(Schema.protobuf(parsed.canonical()), references).canonical())
                .isEqualTo(parsed.canonical());
    }

    /**
     * Custom options resolve against the extensions the imports declare; Confluent's text of an
     * unsigned value past the signed range inside an aggregate ({@code -1}) does not parse for the
     * extension, so that one option is left out and the schema still parses.
     */
    @Test
    void customOptionsAreKeptAndAnAggregateConfluentPrintsOutOfRangeIsLeftOut() {
        Map<String, String> references = Map.of("opt.proto", """
                syntax = "proto3";
                package opt;
                import "google/protobuf/descriptor.proto";
                message Limit { uint32 max = 1; string name = 2; }
                extend google.protobuf.FieldOptions {
                  Limit limit = 50001;
                  uint32 cap = 50002;
                }
                """);

        ParsedSchema parsed = format.parse(Schema.protobuf("""
                syntax = "proto3";
                package p;
                import "opt.proto";
                message M {
                  string a = 1 [(opt.limit).name = "a", (opt.cap) = -1];
                  string b = 2 [(opt.limit) = { max: -1 name: "b" }];
                }
                """), references);

        assertThat(parsed.canonical())
                .contains(
                        "  string a = 1 [\n    (opt.limit) = {\n      name: \"a\"\n    },\n    (opt.cap) = -1\n  ];\n")
                .contains("  string b = 2;\n");
    }

    @Test
    void proto2LabelsAndDefaultsAreKept() {
        ParsedSchema parsed = format.parse(Schema.protobuf("""
                syntax = "proto2";
                message Legacy {
                  required int32 id = 1;
                  optional string name = 2 [default = "n\\"a"];
                  repeated int32 values = 3 [packed = true];
                  extensions 100 to max;
                }
                """), Map.of());

        Descriptor legacy =
                ProtobufFormat.fileDescriptor(parsed).getMessageTypes().get(0);
        assertThat(legacy.findFieldByName("id").isRequired()).isTrue();
        assertThat(legacy.findFieldByName("name").getDefaultValue()).isEqualTo("n\"a");
        assertThat(legacy.findFieldByName("values").isPacked()).isTrue();
        assertThat(legacy.isExtensionNumber(536_870_911)).isTrue();
        assertThat(parsed.canonical()).contains("required int32 id = 1;", "[default = \"n\\\"a\"]");
    }

    @Test
    void fieldOptionsThatCodeGeneratorsReadAreKeptInTheDescriptorAndTheCanonicalText() {
        ParsedSchema parsed = format.parse(Schema.protobuf("""
                syntax = "proto2";
                package p;
                message M {
                  optional int64 id = 1 [jstype = JS_STRING];
                  optional uint64 count = 2 [jstype = JS_NUMBER, deprecated = true];
                  optional string blob = 3 [ctype = CORD];
                  optional M child = 4 [lazy = true];
                  optional M other = 5 [unverified_lazy = true];
                  optional string secret = 6 [debug_redact = true, json_name = "hidden"];
                  repeated int32 values = 7 [packed = false];
                }
                """), Map.of());

        Descriptor message =
                ProtobufFormat.fileDescriptor(parsed).getMessageTypes().get(0);
        assertThat(message.findFieldByName("id").getOptions().getJstype())
                .isEqualTo(DescriptorProtos.FieldOptions.JSType.JS_STRING);
        assertThat(message.findFieldByName("blob").getOptions().getCtype())
                .isEqualTo(DescriptorProtos.FieldOptions.CType.CORD);
        assertThat(message.findFieldByName("child").getOptions().getLazy()).isTrue();
        assertThat(message.findFieldByName("other").getOptions().getUnverifiedLazy())
                .isTrue();
        assertThat(message.findFieldByName("secret").getOptions().getDebugRedact())
                .isTrue();
        // Confluent's layout: one option in line, more one per line; lazy and unverified_lazy are not in its text.
        assertThat(parsed.canonical())
                .contains(
                        "  optional int64 id = 1 [jstype = JS_STRING];\n",
                        "  optional uint64 count = 2 [\n    jstype = JS_NUMBER,\n    deprecated = true\n  ];\n",
                        "  optional string blob = 3 [ctype = CORD];\n",
                        "  optional .p.M child = 4;\n",
                        "  optional .p.M other = 5;\n",
                        "  optional string secret = 6 [\n    debug_redact = true,\n    json_name = \"hidden\"\n  ];\n",
                        "  repeated int32 values = 7 [packed = false];\n");
        assertThat(format.parse(Schema.protobuf(parsed.canonical()), Map.of()).canonical())
                .isEqualTo(parsed.canonical());
    }

    @Test
    void fileOptionsNamingALanguagesPackageAreKept() {
        ParsedSchema parsed = format.parse(Schema.protobuf("""
                syntax = "proto3";
                package acme.shop.v1;
                option swift_prefix = "ASH";
                option ruby_package = "Acme::Shop::V1";
                option php_namespace = "Acme\\\\Shop\\\\V1";
                option php_metadata_namespace = "Acme\\\\Shop\\\\V1\\\\Meta";
                option php_class_prefix = "ASH";
                option objc_class_prefix = "ASH";
                option csharp_namespace = "Acme.Shop.V1";
                option go_package = "github.com/acme/shop/v1;shopv1";
                option java_multiple_files = true;
                option optimize_for = SPEED;
                message M {}
                """), Map.of());

        var options = ProtobufFormat.fileDescriptor(parsed).getOptions();
        assertThat(options.getCsharpNamespace()).isEqualTo("Acme.Shop.V1");
        assertThat(options.getPhpNamespace()).isEqualTo("Acme\\Shop\\V1");
        assertThat(options.getOptimizeFor()).isEqualTo(DescriptorProtos.FileOptions.OptimizeMode.SPEED);
        // In the order Confluent's ProtobufSchema.toProtoFile adds them.
        assertThat(parsed.canonical()).contains("""
                option java_multiple_files = true;
                option optimize_for = SPEED;
                option go_package = "github.com/acme/shop/v1;shopv1";
                option objc_class_prefix = "ASH";
                option csharp_namespace = "Acme.Shop.V1";
                option swift_prefix = "ASH";
                option php_class_prefix = "ASH";
                option php_namespace = "Acme\\\\Shop\\\\V1";
                option php_metadata_namespace = "Acme\\\\Shop\\\\V1\\\\Meta";
                option ruby_package = "Acme::Shop::V1";
                """);
        assertThat(format.parse(Schema.protobuf(parsed.canonical()), Map.of()).canonical())
                .isEqualTo(parsed.canonical());
    }

    @Test
    void aDescriptorBuiltAsProtocBuildsItIsPrintedWithItsFieldOptions() throws Exception {
        DescriptorProtos.FieldOptions jsString = DescriptorProtos.FieldOptions.newBuilder()
                .setJstype(DescriptorProtos.FieldOptions.JSType.JS_STRING)
                .build();
        FileDescriptor file = ProtoDescriptors.built(
                "ids.proto",
                "p",
                "proto3",
                ProtoDescriptors.message("Ids")
                        .addField(ProtoDescriptors.field(
                                        "big", 1, DescriptorProtos.FieldDescriptorProto.Type.TYPE_FIXED64)
                                .setOptions(jsString)));

        String text = ProtoFiles.text(file);

        assertThat(text).contains("  fixed64 big = 1 [\n    jstype = JS_STRING,\n    json_name = \"big\"\n  ];\n");
    }

    @Test
    void errorsNameTheFileLineAndProblem() {
        assertThatThrownBy(() ->
                        format.parse(Schema.protobuf("syntax = \"proto3\";\nmessage M {\n  int32 a = ;\n}"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("schema.proto:3")
                .hasMessageContaining("expected field number")
                .satisfies(e -> assertThat(((InvalidSchemaException) e).line()).isEqualTo(3));
        assertThatThrownBy(() ->
                        format.parse(Schema.protobuf("syntax = \"proto3\";\nimport \"missing.proto\";"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("missing.proto");
        assertThatThrownBy(() ->
                        format.parse(Schema.protobuf("syntax = \"proto3\";\nmessage M { Unknown u = 1; }"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("Unknown");
        assertThatThrownBy(() ->
                        format.parse(Schema.protobuf("syntax = \"proto3\";\nmessage M { int32 a = 19500; }"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("19500");
        assertThatThrownBy(() -> format.parse(
                        Schema.protobuf("syntax = \"proto3\";\nmessage M {\n int64 a = 1 [jstype = JS_BIGINT];\n}"),
                        Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining(
                        "schema.proto:3: option jstype must be one of [JS_NORMAL, JS_STRING, JS_NUMBER], was JS_BIGINT");
    }

    @Test
    void parsedDescriptorOfAGeneratedStyleFileMatchesProtobufJava() {
        FieldDescriptor seconds = ProtobufFormat.fileDescriptor(format.parse(Schema.protobuf("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { int64 seconds = 1; int32 nanos = 2; }
                """), Map.of()))
                .getMessageTypes()
                .get(0)
                .getFields()
                .get(0);

        FieldDescriptor expected = TimestampProto.getDescriptor()
                .getMessageTypes()
                .get(0)
                .getFields()
                .get(0);
        assertThat(seconds.toProto())
                .isEqualTo(expected.toProto().toBuilder().clearJsonName().build());
    }

    static SchemaFormat anyFormat() {
        return new ProtobufFormat();
    }
}
