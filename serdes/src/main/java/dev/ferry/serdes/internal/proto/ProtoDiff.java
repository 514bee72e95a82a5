package dev.ferry.serdes.internal.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The incompatible changes Confluent's Protobuf diff finds from an original file to an updated one, walking the
 * files as its SchemaDiff, MessageSchemaDiff and FieldSchemaDiff do. Each is described as a change from the
 * previous schema to the new one, whichever of the two is the original here, so that both directions word one
 * change alike.
 */
final class ProtoDiff {

    private final FileDescriptor original;
    private final FileDescriptor update;
    private final boolean originalIsPrevious;
    private final Set<Descriptor> entered = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<String> found = new LinkedHashSet<>();

    ProtoDiff(FileDescriptor original, FileDescriptor update, boolean originalIsPrevious) {
        this.original = original;
        this.update = update;
        this.originalIsPrevious = originalIsPrevious;
    }

    List<String> incompatibilities() {
        if (!original.getPackage().equals(update.getPackage())) {
            found.add("the package changed from " + packageName(previous(original, update)) + " to "
                    + packageName(candidate(original, update)));
        }
        compareMessages(original.getMessageTypes(), update.getMessageTypes());
        return List.copyOf(found);
    }

    /** Messages are paired by name within their parent (the package is compared on its own). */
    private void compareMessages(List<Descriptor> originals, List<Descriptor> updates) {
        Map<String, Descriptor> updatesByName = new LinkedHashMap<>();
        updates.forEach(message -> updatesByName.put(message.getName(), message));
        for (Descriptor message : originals) {
            if (message.getOptions().getMapEntry()) {
                continue;
            }
            Descriptor updated = updatesByName.get(message.getName());
            if (updated == null) {
                found.add("message " + message.getFullName()
                        + (originalIsPrevious ? " was removed or renamed" : " was added"));
            } else {
                compareMessage(message, updated);
            }
        }
    }

    /** Also for a message type from an import, which the comparison of the file itself does not reach. */
    void compareMessage(Descriptor message, Descriptor updated) {
        // A message reached again through a field of its own type is not compared a second time.
        if (entered.add(message)) {
            compareFields(message, updated);
            compareMessages(message.getNestedTypes(), updated.getNestedTypes());
            entered.remove(message);
        }
    }

    /** Fields are paired by number across the message, oneof members included. */
    private void compareFields(Descriptor message, Descriptor updated) {
        Set<String> deletedOneofs = completelyDeletedOneofs(message, updated);
        for (OneofDescriptor oneof : updated.getRealOneofs()) {
            checkNoFieldsJoined(message, oneof);
        }
        Set<Integer> numbers = new TreeSet<>();
        message.getFields().forEach(field -> numbers.add(field.getNumber()));
        updated.getFields().forEach(field -> numbers.add(field.getNumber()));
        for (int number : numbers) {
            FieldDescriptor field = message.findFieldByNumber(number);
            FieldDescriptor updatedField = updated.findFieldByNumber(number);
            if (updatedField == null) {
                onlyInOriginal(field, deletedOneofs);
            } else if (field == null) {
                if (updatedField.getRealContainingOneof() == null
                        && ProtoFieldShape.label(updatedField) == ProtoFieldShape.Label.REQUIRED) {
                    found.add(where(updatedField) + ": a required field was "
                            + (originalIsPrevious ? "added" : "removed"));
                }
            } else {
                new ProtoFieldShape(this, field, updatedField).compare();
            }
        }
    }

    private void onlyInOriginal(FieldDescriptor field, Set<String> deletedOneofs) {
        OneofDescriptor oneof = field.getRealContainingOneof();
        if (oneof != null) {
            if (!deletedOneofs.contains(oneof.getName())) {
                found.add(where(field)
                        + (originalIsPrevious ? " was removed from the oneof " : " was added to the oneof ")
                        + oneof.getName());
            }
        } else if (ProtoFieldShape.label(field) == ProtoFieldShape.Label.REQUIRED) {
            found.add(where(field) + ": a required field was " + (originalIsPrevious ? "removed" : "added"));
        }
    }

    /** Oneofs of the original gone by name with none of their fields left anywhere: deleting them is compatible. */
    private static Set<String> completelyDeletedOneofs(Descriptor message, Descriptor updated) {
        Set<String> kept = new HashSet<>();
        updated.getRealOneofs().forEach(oneof -> kept.add(oneof.getName()));
        Set<String> deleted = new HashSet<>();
        for (OneofDescriptor oneof : message.getRealOneofs()) {
            if (!kept.contains(oneof.getName())
                    && oneof.getFields().stream().allMatch(f -> updated.findFieldByNumber(f.getNumber()) == null)) {
                deleted.add(oneof.getName());
            }
        }
        return deleted;
    }

    /**
     * The fields of a oneof of the update that the original already had must have been in one oneof there;
     * fields that could be set together, now in one oneof, break readers of the data where both are set.
     */
    private void checkNoFieldsJoined(Descriptor message, OneofDescriptor oneof) {
        Set<String> origins = new LinkedHashSet<>();
        List<String> places = new ArrayList<>();
        for (FieldDescriptor member : oneof.getFields()) {
            FieldDescriptor before = message.findFieldByNumber(member.getNumber());
            if (before == null) {
                continue;
            }
            OneofDescriptor was = before.getRealContainingOneof();
            origins.add(was == null ? "field " + before.getNumber() : "oneof " + was.getName());
            // Named as in the new schema; placed as in the original, which is where the change matters.
            places.add(where(originalIsPrevious ? member : before)
                    + (was == null ? " outside any oneof" : " in the oneof " + was.getName()));
        }
        if (origins.size() > 1) {
            // In the other direction the original is the new schema: fields of this oneof of the previous schema
            // left it for different places.
            found.add((originalIsPrevious
                            ? "oneof " + oneof.getFullName() + " now holds fields that could be set together before: "
                            : "fields of the oneof " + oneof.getFullName() + " can now be set together: ")
                    + String.join(", ", places));
        }
    }

    void found(String incompatibility) {
        found.add(incompatibility);
    }

    boolean declaredInTheFiles(Descriptor message, Descriptor updated) {
        return message.getFile() == original && updated.getFile() == update;
    }

    <T> T previous(T fromOriginal, T fromUpdate) {
        return originalIsPrevious ? fromOriginal : fromUpdate;
    }

    <T> T candidate(T fromOriginal, T fromUpdate) {
        return originalIsPrevious ? fromUpdate : fromOriginal;
    }

    static String where(FieldDescriptor field) {
        return field.getFullName() + " (field " + field.getNumber() + ")";
    }

    private static String packageName(FileDescriptor file) {
        return file.getPackage().isEmpty() ? "none" : file.getPackage();
    }
}
