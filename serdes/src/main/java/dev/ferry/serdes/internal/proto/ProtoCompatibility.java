package dev.ferry.serdes.internal.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import dev.ferry.serdes.internal.CompatibilityCheck.Difference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Protobuf compatibility rules, as changes from an earlier file to a new one. Each change says
 * whether it breaks readers using the new schema (backward) or readers using the earlier one
 * (forward):
 * <ul>
 *   <li>a message removed or renamed: backward (data of that type cannot be read any more);</li>
 *   <li>a field removed without reserving its number: both (the number may be reused for other data);
 *       a required field removed, even if reserved: forward;</li>
 *   <li>a field added with a reserved number or name (number reuse): both; a required field added: backward;</li>
 *   <li>a field's type changed to one with another wire encoding or another message/enum type: both
 *       (int32, uint32, int64, uint64 and bool are interchangeable, as are sint32/sint64,
 *       fixed32/sfixed32, fixed64/sfixed64, and string/bytes);</li>
 *   <li>repeated changed to singular or back, or a map changed: both; optional to required: backward;
 *       required to optional: forward;</li>
 *   <li>a field moved into an existing oneof, or several existing fields moved into a new oneof: both;
 *       a field moved out of a oneof: forward;</li>
 *   <li>an enum value removed: backward.</li>
 * </ul>
 * Adding messages, optional fields and enum values, renaming a field while keeping its number and
 * type, and moving a single field into a new oneof are compatible.
 */
public final class ProtoCompatibility {

    private ProtoCompatibility() {}

    public static List<Difference> differences(FileDescriptor previous, FileDescriptor candidate) {
        Map<String, Descriptor> oldMessages = messages(previous);
        Map<String, Descriptor> newMessages = messages(candidate);
        List<Difference> differences = new ArrayList<>();
        for (Descriptor oldMessage : oldMessages.values()) {
            Descriptor newMessage = newMessages.get(oldMessage.getFullName());
            if (newMessage == null) {
                differences.add(
                        new Difference("message " + oldMessage.getFullName() + " was removed or renamed", true, false));
            } else {
                fields(oldMessage, newMessage, differences);
            }
        }
        Map<String, EnumDescriptor> newEnums = enums(candidate);
        for (EnumDescriptor oldEnum : enums(previous).values()) {
            EnumDescriptor newEnum = newEnums.get(oldEnum.getFullName());
            if (newEnum != null) {
                for (EnumValueDescriptor value : oldEnum.getValues()) {
                    if (newEnum.findValueByNumber(value.getNumber()) == null) {
                        differences.add(new Difference(
                                oldEnum.getFullName() + "." + value.getName() + " (enum value " + value.getNumber()
                                        + ") was removed",
                                true,
                                false));
                    }
                }
            }
        }
        return differences;
    }

    private static void fields(Descriptor oldMessage, Descriptor newMessage, List<Difference> differences) {
        for (FieldDescriptor oldField : oldMessage.getFields()) {
            FieldDescriptor newField = newMessage.findFieldByNumber(oldField.getNumber());
            String where = oldField.getFullName() + " (field " + oldField.getNumber() + ")";
            if (newField == null) {
                if (!newMessage.isReservedNumber(oldField.getNumber())) {
                    differences.add(new Difference(
                            where + " was removed without reserving number " + oldField.getNumber(), true, true));
                } else if (oldField.isRequired()) {
                    differences.add(new Difference(where + ": a required field was removed", false, true));
                }
            } else {
                changed(oldField, newField, differences);
            }
        }
        for (FieldDescriptor newField : newMessage.getFields()) {
            if (oldMessage.findFieldByNumber(newField.getNumber()) != null) {
                continue;
            }
            String where = newField.getFullName() + " (field " + newField.getNumber() + ")";
            if (oldMessage.isReservedNumber(newField.getNumber())) {
                differences.add(
                        new Difference(where + " reuses the reserved number " + newField.getNumber(), true, true));
            } else if (oldMessage.isReservedName(newField.getName())) {
                differences.add(new Difference(where + " reuses the reserved name " + newField.getName(), true, true));
            }
            if (newField.isRequired()) {
                differences.add(new Difference(where + ": a required field was added", true, false));
            }
        }
    }

    private static void changed(FieldDescriptor oldField, FieldDescriptor newField, List<Difference> differences) {
        String where = newField.getFullName() + " (field " + newField.getNumber() + ")";
        String oldType = typeName(oldField);
        String newType = typeName(newField);
        if (!oldType.equals(newType) && !sameEncoding(oldField, newField)) {
            differences.add(new Difference(where + ": type changed from " + oldType + " to " + newType, true, true));
        }
        if (oldField.isRepeated() != newField.isRepeated()) {
            differences.add(
                    new Difference(where + ": changed from " + label(oldField) + " to " + label(newField), true, true));
        } else if (!oldField.isRequired() && newField.isRequired()) {
            differences.add(new Difference(where + ": changed from optional to required", true, false));
        } else if (oldField.isRequired() && !newField.isRequired()) {
            differences.add(new Difference(where + ": changed from required to optional", false, true));
        }
        OneofDescriptor oldOneof = oldField.getRealContainingOneof();
        OneofDescriptor newOneof = newField.getRealContainingOneof();
        if (oldOneof == null && newOneof != null) {
            if (existedBefore(newOneof, oldField.getContainingType())) {
                differences.add(
                        new Difference(where + " was moved into the existing oneof " + newOneof.getName(), true, true));
            } else if (formerlyFreeMembers(newOneof, oldField.getContainingType()) > 1) {
                differences.add(new Difference(
                        where + " was moved into the new oneof " + newOneof.getName()
                                + " together with other existing fields",
                        true,
                        true));
            }
        } else if (oldOneof != null && newOneof == null) {
            differences.add(new Difference(where + " was moved out of the oneof " + oldOneof.getName(), false, true));
        }
    }

    private static boolean existedBefore(OneofDescriptor newOneof, Descriptor oldMessage) {
        for (FieldDescriptor member : newOneof.getFields()) {
            FieldDescriptor before = oldMessage.findFieldByNumber(member.getNumber());
            if (before != null && before.getRealContainingOneof() != null) {
                return true;
            }
        }
        return false;
    }

    private static int formerlyFreeMembers(OneofDescriptor newOneof, Descriptor oldMessage) {
        int count = 0;
        for (FieldDescriptor member : newOneof.getFields()) {
            FieldDescriptor before = oldMessage.findFieldByNumber(member.getNumber());
            if (before != null && before.getRealContainingOneof() == null) {
                count++;
            }
        }
        return count;
    }

    private static String label(FieldDescriptor field) {
        return field.isMapField() ? "map" : field.isRepeated() ? "repeated" : "singular";
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
            default -> field.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean sameEncoding(FieldDescriptor a, FieldDescriptor b) {
        if (a.isMapField() || b.isMapField()) {
            return false;
        }
        int groupA = encodingGroup(a.getType());
        return groupA >= 0 && groupA == encodingGroup(b.getType());
    }

    private static int encodingGroup(FieldDescriptor.Type type) {
        return switch (type) {
            case INT32, UINT32, INT64, UINT64, BOOL -> 0;
            case SINT32, SINT64 -> 1;
            case FIXED32, SFIXED32 -> 2;
            case FIXED64, SFIXED64 -> 3;
            case STRING, BYTES -> 4;
            default -> -1;
        };
    }

    private static Map<String, Descriptor> messages(FileDescriptor file) {
        Map<String, Descriptor> messages = new LinkedHashMap<>();
        for (Descriptor message : file.getMessageTypes()) {
            collect(message, messages);
        }
        return messages;
    }

    private static void collect(Descriptor message, Map<String, Descriptor> messages) {
        if (message.getOptions().getMapEntry()) {
            return;
        }
        messages.put(message.getFullName(), message);
        for (Descriptor nested : message.getNestedTypes()) {
            collect(nested, messages);
        }
    }

    private static Map<String, EnumDescriptor> enums(FileDescriptor file) {
        Map<String, EnumDescriptor> enums = new LinkedHashMap<>();
        file.getEnumTypes().forEach(e -> enums.put(e.getFullName(), e));
        for (Descriptor message : messages(file).values()) {
            message.getEnumTypes().forEach(e -> enums.put(e.getFullName(), e));
        }
        return enums;
    }
}
