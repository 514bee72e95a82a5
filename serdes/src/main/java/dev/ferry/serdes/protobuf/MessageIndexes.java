package dev.ferry.serdes.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.common.SerializationException;
import dev.ferry.serdes.internal.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Message indexes as Confluent numbers them: the path from a file's top-level messages to a
 * message type, each step the position among the message declarations of the schema text. The
 * {@code XxxEntry} type protoc synthesizes for each {@code map<>} field is not declared in the text,
 * so it is never counted, at any level: {@code message Order { map<string, int64> prices = 1;
 * message Line {} }} makes {@code Order.Line} {@code [0, 0]}, although the descriptor lists it
 * second among Order's nested types. Enums are not counted either.
 *
 * <p>An instance holds one file's messages in that numbering, built once per schema, so reading a
 * frame's type walks arrays and allocates nothing.
 */
final class MessageIndexes {

    /** The counted messages of one level (a file's top level or one message's nested types), in declaration order. */
    private record Level(Descriptor[] types, Level[] nested) {}

    private final Level topLevel;

    private MessageIndexes(Level topLevel) {
        this.topLevel = topLevel;
    }

    /** The numbering of a file's messages, for {@link #resolve}. */
    static MessageIndexes of(FileDescriptor file) {
        return new MessageIndexes(level(file.getMessageTypes()));
    }

    private static Level level(List<Descriptor> declared) {
        List<Descriptor> counted = counted(declared);
        Level[] nested = new Level[counted.size()];
        for (int i = 0; i < nested.length; i++) {
            nested[i] = level(counted.get(i).getNestedTypes());
        }
        return new Level(counted.toArray(new Descriptor[0]), nested);
    }

    private static List<Descriptor> counted(List<Descriptor> declared) {
        List<Descriptor> counted = new ArrayList<>(declared.size());
        for (Descriptor type : declared) {
            if (!isMapEntry(type)) {
                counted.add(type);
            }
        }
        return counted;
    }

    private static boolean isMapEntry(Descriptor type) {
        return type.getOptions().getMapEntry();
    }

    /**
     * The indexes of a message type in its file.
     *
     * @throws IllegalArgumentException if the type, or a type containing it, is a map entry: it has no index
     */
    static int[] of(Descriptor type) {
        int depth = 0;
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            depth++;
        }
        int[] path = new int[depth];
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            if (isMapEntry(current)) {
                throw new IllegalArgumentException("message " + type.getFullName() + " has no message index: "
                        + (current == type ? "it" : current.getFullName())
                        + " is a map entry, which protoc derives from a "
                        + "map field and which is not numbered; serialize the message that holds the map");
            }
            Descriptor parent = current.getContainingType();
            List<Descriptor> siblings = parent == null ? current.getFile().getMessageTypes() : parent.getNestedTypes();
            path[--depth] = counted(siblings).indexOf(current);
        }
        return path;
    }

    static Descriptor find(FileDescriptor file, String fullName) {
        String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        if (!fullName.startsWith(prefix)) {
            return null;
        }
        String[] parts = fullName.substring(prefix.length()).split("\\.");
        Descriptor current = file.findMessageTypeByName(parts[0]);
        for (int i = 1; i < parts.length && current != null; i++) {
            current = current.findNestedTypeByName(parts[i]);
        }
        return current;
    }

    /** The first top-level message, the type of the index list {@code [0]}; null in a file without messages. */
    Descriptor first() {
        return topLevel.types().length == 0 ? null : topLevel.types()[0];
    }

    /**
     * The type the index list of a frame names (a list checked by {@link WireFormat#indexesEnd});
     * errors name the bad index and its position.
     */
    Descriptor resolve(byte[] frame, String topic, boolean isKey, int schemaId) {
        return resolve(frame, WireFormat.HEADER_SIZE, topic, isKey, "schema id " + schemaId);
    }

    /** {@link #resolve(byte[], String, boolean, int)} for a list at {@code start} (after a GUID, in a header). */
    Descriptor resolve(byte[] frame, int start, String topic, boolean isKey, String schemaName) {
        int count = WireFormat.indexCount(frame, start);
        Level level = topLevel;
        Descriptor current = null;
        for (int i = 0; i < Math.max(count, 1); i++) {
            int index = count == 0 ? 0 : WireFormat.index(frame, start, i);
            if (index >= level.types().length) {
                String scope = current == null ? "the schema's top level" : "message " + current.getFullName();
                throw new SerializationException(
                        "Cannot deserialize " + WireFormat.describe(topic, isKey) + ": message index " + index
                                + " at position " + i + " of the index list is out of range: " + scope + " of "
                                + schemaName + " has " + level.types().length + " message type(s)"
                                + (current == null ? "" : " (map entries are not counted)"));
            }
            current = level.types()[index];
            level = level.nested()[index];
        }
        return current;
    }
}
