package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FeatureSet;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.ferry.serdes.internal.proto.ProtoCursor.Option;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Protobuf editions as {@link ProtoParser} reads them: the {@code edition = "2023";} line and the
 * {@code features.x = V} options of every declaration that has options (file, message, field,
 * oneof, enum, enum value, service, method).
 */
final class ProtoFeatures {

    /** The editions protobuf-java (and the protoc of the same version) builds; later ones are refused here, by name. */
    private static final Map<String, Edition> EDITIONS =
            Map.of("2023", Edition.EDITION_2023, "2024", Edition.EDITION_2024);

    private final ProtoCursor in;
    private boolean editions;

    ProtoFeatures(ProtoCursor in) {
        this.in = in;
    }

    /** Reads the rest of an {@code edition} line, after the keyword; from then on features are allowed. */
    Edition edition() {
        in.expect("=");
        Token edition = in.take();
        Edition value = edition.kind() == Kind.STRING ? EDITIONS.get(edition.text()) : null;
        if (value == null) {
            throw in.error(edition, "edition must be one of " + EDITIONS.keySet() + ", was " + edition.text());
        }
        in.expect(";");
        editions = true;
        return value;
    }

    boolean inEditions() {
        return editions;
    }

    /**
     * An editions feature ({@code features.field_presence = EXPLICIT}) set on the declaration's
     * features; whether the option was one. Features only mean something in an editions file.
     */
    boolean read(Option option, Supplier<FeatureSet.Builder> features) {
        if (option.name().equals("features")) {
            // Skipped like other aggregates, it would silently change the file's meaning.
            throw in.error(option.token(), "features are read one by one: write features.<name> = <value>");
        }
        if (!option.name().startsWith("features.")) {
            return false;
        }
        if (!editions) {
            throw in.error(option.token(), "option " + option.name() + " is only allowed in editions files");
        }
        FieldDescriptor feature =
                FeatureSet.getDescriptor().findFieldByName(option.name().substring("features.".length()));
        if (feature == null || feature.getEnumType() == null) {
            throw in.error(option.token(), "unknown feature " + option.name());
        }
        EnumValueDescriptor value = feature.getEnumType().findValueByName(option.value());
        if (value == null) {
            throw in.error(
                    option.token(),
                    "feature " + option.name() + " must be one of "
                            + feature.getEnumType().getValues().stream()
                                    .map(EnumValueDescriptor::getName)
                                    .toList() + ", was " + option.value());
        }
        features.get().setField(feature, value);
        return true;
    }
}
