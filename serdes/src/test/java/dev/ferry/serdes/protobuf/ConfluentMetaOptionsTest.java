package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.registry.Schema;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Confluent's {@code (confluent.*_meta)} options, printed as Confluent's serializer registers a class
 * that carries them. {@code ProtobufSchema.toOption} prints the {@code Meta} itself, not through the
 * generic custom-option path: doc, params, tags, rules, each only when not empty; a param whose key
 * is {@code precision} or {@code scale} value first; a rule with only its non-empty fields, an empty
 * one left out; no option at all for an empty {@code Meta}. {@code toCustomOptions} then adds the
 * other extensions, every {@code confluent.*} one left out. The expected texts are written by hand
 * from that code and {@code ProtobufSchemaUtils.toString}'s layout; the oracle {@link ConfluentText},
 * which follows the same code, must print each too.
 */
class ConfluentMetaOptionsTest {

    /** Extensions numbered below Meta's 1088, which Confluent still prints after it; one in package confluent. */
    private static final String OPTIONS = """
            syntax = "proto3";
            package acme.opts;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.FieldOptions {
              bool pii = 1000;
            }
            extend google.protobuf.MessageOptions {
              string owner = 1001;
            }
            """;

    private static final String CONFLUENT_OPTIONS = """
            syntax = "proto3";
            package confluent.acme;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.FieldOptions {
              string team = 50001;
            }
            """;

    /** Ferry's text of the source's descriptor, which must also be what the oracle {@link ConfluentText} prints. */
    private static String text(String source) {
        FileDescriptor file = ProtoFiles.build(
                "payment.proto", source, Map.of("acme/opts.proto", OPTIONS, "confluent/acme.proto", CONFLUENT_OPTIONS));
        String ferry = ProtoFiles.text(file);
        assertThat(ferry).isEqualTo(ConfluentText.of(ProtoFiles.resolvedProto(file)));
        return ferry;
    }

    @Test
    void connectsDecimalPrecisionAndScaleParamsArePrintedValueFirstAndAnyOtherParamKeyFirst() {
        String text = text("""
                syntax = "proto3";
                package acme;
                import "confluent/meta.proto";
                import "confluent/type/decimal.proto";
                message Payment {
                  confluent.type.Decimal amount = 1 [(confluent.field_meta) = { params: [ {key:"precision", value:"8"}, {key:"scale", value:"2"} ] }];
                  string note = 2 [(confluent.field_meta) = { params: [ {key:"connect.name", value:"note"}, {key:"scale", value:"3"} ] }];
                }
                """);

        assertThat(text).isEqualTo("""
                syntax = "proto3";
                package acme;

                import "confluent/meta.proto";
                import "confluent/type/decimal.proto";

                message Payment {
                  .confluent.type.Decimal amount = 1 [(confluent.field_meta) = {
                    params: [
                      {
                        value: "8",
                        key: "precision"
                      },
                      {
                        value: "2",
                        key: "scale"
                      }
                    ]
                  }];
                  string note = 2 [(confluent.field_meta) = {
                    params: [
                      {
                        key: "connect.name",
                        value: "note"
                      },
                      {
                        value: "3",
                        key: "scale"
                      }
                    ]
                  }];
                }
                """);
    }

    @Test
    void docParamsTagsAndRulesArePrintedInConfluentsOrderWithEmptyRulesLeftOut() {
        String text = text("""
                syntax = "proto3";
                package acme;
                import "confluent/meta.proto";
                option (confluent.file_meta) = { doc: "payments" };
                message Payment {
                  option (confluent.message_meta) = {
                    rules: [ { name: "positive", expr: "amount > 0" }, { } ]
                    tags: ["FINANCE"]
                    doc: "a \\"payment\\""
                  };
                  string note = 1 [(confluent.field_meta) = { tags: ["PII", "FREE_TEXT"], doc: "free text" }];
                }
                enum Kind {
                  option (confluent.enum_meta) = { doc: "kinds" };
                  CARD = 0 [(confluent.enum_value_meta) = { tags: ["LEGACY"] }];
                }
                """);

        assertThat(text).isEqualTo("""
                syntax = "proto3";
                package acme;

                import "confluent/meta.proto";

                option (confluent.file_meta) = {
                  doc: "payments"
                };

                message Payment {
                  option (confluent.message_meta) = {
                    doc: "a \\"payment\\"",
                    tags: [
                      "FINANCE"
                    ],
                    rules: [
                      {
                        name: "positive",
                        expr: "amount > 0"
                      }
                    ]
                  };

                  string note = 1 [(confluent.field_meta) = {
                    doc: "free text",
                    tags: [
                      "PII",
                      "FREE_TEXT"
                    ]
                  }];
                }
                enum Kind {
                  option (confluent.enum_meta) = {
                    doc: "kinds"
                  };
                  CARD = 0 [(confluent.enum_value_meta) = {
                    tags: [
                      "LEGACY"
                    ]
                  }];
                }
                """);
    }

    @Test
    void metaComesBeforeOtherCustomOptionsAnEmptyMetaIsLeftOutAndOtherConfluentExtensionsAreDropped() {
        String text = text("""
                syntax = "proto3";
                package acme;
                import "confluent/meta.proto";
                import "acme/opts.proto";
                import "confluent/acme.proto";
                message Payment {
                  option (acme.opts.owner) = "billing";
                  option (confluent.message_meta) = { doc: "a payment" };
                  string note = 1 [(acme.opts.pii) = true, (confluent.field_meta) = { doc: "free text" }, (confluent.acme.team) = "core"];
                  string empty = 2 [(confluent.field_meta) = { doc: "" }];
                }
                """);

        assertThat(text).isEqualTo("""
                syntax = "proto3";
                package acme;

                import "confluent/meta.proto";
                import "acme/opts.proto";
                import "confluent/acme.proto";

                message Payment {
                  option (confluent.message_meta) = {
                    doc: "a payment"
                  };
                  option (acme.opts.owner) = "billing";

                  string note = 1 [
                    (confluent.field_meta) = {
                      doc: "free text"
                    },
                    (acme.opts.pii) = true
                  ];
                  string empty = 2;
                }
                """);
    }
    /**
     * Confluent's registry parses a base64 descriptor with its {@code EXTENSION_REGISTRY}, which holds
     * confluent/meta.proto's extensions (PS:715), so their options stay in its text, where no other
     * custom option does.
     */
    @Test
    void aBase64DescriptorKeepsItsMetaOptionsAsConfluentsRegistryParsesThem() {
        FileDescriptor file = ProtoFiles.build("payment.proto", """
                syntax = "proto3";
                package acme;
                import "confluent/meta.proto";
                message Payment {
                  string amount = 1 [(confluent.field_meta) = { params: [ {key:"precision", value:"8"} ] }];
                }
                """, Map.of());
        String base64 = Base64.getEncoder().encodeToString(file.toProto().toByteArray());

        String canonical =
                new ProtobufFormat().parse(Schema.protobuf(base64), Map.of()).canonical();

        assertThat(canonical).isEqualTo("""
                syntax = "proto3";
                package acme;

                import "confluent/meta.proto";

                message Payment {
                  string amount = 1 [(confluent.field_meta) = {
                    params: [
                      {
                        value: "8",
                        key: "precision"
                      }
                    ]
                  }];
                }
                """);
    }
}
