package dev.ferry.serdes.internal.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Locale;

/**
 * One field kept under its number, compared as Confluent's FieldSchemaDiff does: its kind (scalar, map or
 * message), then the scalar's group, the message type's name (or, for a type from an import, its fields), or a
 * map's key and value; and the label of a numeric field.
 */
final class ProtoFieldShape {

    /** A field's label as Confluent's parser reads it from the text, or null where the text has none. */
    enum Label {
        OPTIONAL,
        REQUIRED,
        REPEATED
    }

    private enum Kind {
        SCALAR,
        MAP,
        MESSAGE
    }

    /** Scalars that read each other's encoding; an enum is a general number. */
    private enum Group {
        GENERAL_NUMBER,
        SIGNED_NUMBER,
        FIXED32,
        FIXED64,
        FLOAT,
        DOUBLE,
        STRING_OR_BYTES
    }

    private final ProtoDiff diff;
    private final FieldDescriptor field;
    private final FieldDescriptor updated;

    ProtoFieldShape(ProtoDiff diff, FieldDescriptor field, FieldDescriptor updated) {
        this.diff = diff;
        this.field = field;
        this.updated = updated;
    }

    void compare() {
        compare(field, updated, true);
    }

    /** Map keys and values are compared without labels, as Confluent does. */
    private void compare(FieldDescriptor a, FieldDescriptor b, boolean withLabels) {
        Kind kind = kind(a);
        if (kind != kind(b)) {
            typeChanged();
            return;
        }
        switch (kind) {
            case SCALAR -> {
                Group group = group(a);
                if (group != group(b)) {
                    typeChanged();
                } else if (withLabels && group != Group.STRING_OR_BYTES) {
                    Label label = label(a);
                    Label updatedLabel = label(b);
                    if (label != null && updatedLabel != null && label != updatedLabel) {
                        diff.found(where() + ": changed from " + lowerCase(diff.previous(label, updatedLabel)) + " to "
                                + lowerCase(diff.candidate(label, updatedLabel)));
                    }
                }
            }
            case MESSAGE -> compareMessageTypes(a.getMessageType(), b.getMessageType());
            case MAP -> {
                compare(
                        a.getMessageType().getFields().get(0),
                        b.getMessageType().getFields().get(0),
                        false);
                compare(
                        a.getMessageType().getFields().get(1),
                        b.getMessageType().getFields().get(1),
                        false);
            }
        }
    }

    /**
     * Message types are the same when their names within their packages are; one of the two files' own types is
     * compared with the files, a type from an import here.
     */
    private void compareMessageTypes(Descriptor type, Descriptor updatedType) {
        if (!localName(type).equals(localName(updatedType))) {
            typeChanged();
        } else if (!diff.declaredInTheFiles(type, updatedType)) {
            diff.compareMessage(type, updatedType);
        }
    }

    private void typeChanged() {
        diff.found(where() + ": type changed from " + typeName(diff.previous(field, updated)) + " to "
                + typeName(diff.candidate(field, updated)));
    }

    private String where() {
        return ProtoDiff.where(diff.candidate(field, updated));
    }

    static Label label(FieldDescriptor field) {
        if (field.getRealContainingOneof() != null || field.isMapField()) {
            return null;
        }
        if (field.toProto().getProto3Optional()) {
            return Label.OPTIONAL;
        }
        if (field.isRepeated()) {
            return Label.REPEATED;
        }
        // proto3 and editions write no label on a singular field.
        String syntax = field.getFile().toProto().getSyntax();
        if (!syntax.isEmpty() && !syntax.equals("proto2")) {
            return null;
        }
        return field.isRequired() ? Label.REQUIRED : Label.OPTIONAL;
    }

    private static Kind kind(FieldDescriptor field) {
        if (field.isMapField()) {
            return Kind.MAP;
        }
        return switch (field.getType()) {
            case MESSAGE, GROUP -> Kind.MESSAGE;
            default -> Kind.SCALAR;
        };
    }

    private static Group group(FieldDescriptor field) {
        return switch (field.getType()) {
            case INT32, UINT32, INT64, UINT64, BOOL, ENUM -> Group.GENERAL_NUMBER;
            case SINT32, SINT64 -> Group.SIGNED_NUMBER;
            case FIXED32, SFIXED32 -> Group.FIXED32;
            case FIXED64, SFIXED64 -> Group.FIXED64;
            case FLOAT -> Group.FLOAT;
            case DOUBLE -> Group.DOUBLE;
            case STRING, BYTES -> Group.STRING_OR_BYTES;
            case MESSAGE, GROUP -> throw new IllegalArgumentException("not a scalar: " + field.getFullName());
        };
    }

    private static String localName(Descriptor type) {
        String packageName = type.getFile().getPackage();
        return packageName.isEmpty() ? type.getFullName() : type.getFullName().substring(packageName.length() + 1);
    }

    private static String typeName(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return "map<" + typeName(entry.getFields().get(0)) + ", "
                    + typeName(entry.getFields().get(1)) + ">";
        }
        return switch (field.getType()) {
            case MESSAGE, GROUP -> field.getMessageType().getFullName();
            case ENUM -> field.getEnumType().getFullName();
            default -> lowerCase(field.getType());
        };
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
