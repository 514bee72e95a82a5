package dev.ferry.serdes.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.internal.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Message indexes as Confluent numbers them: the path from a file's top-level messages to a
 * message type, each step the position among the message declarations of the schema text. The
 * {@code XxxEntry} type protoc synthesizes for a field written {@code map<K, V>} is not declared in
 * the text, so it is not counted, at any level: {@code message Order { map<string, int64> prices = 1;
 * message Line {} }} makes {@code Order.Line} {@code [0, 0]}, although the descriptor lists it
 * second among Order's nested types. An entry the text declares as a message (as in the text
 * Confluent's serializer, and Ferry's, registers for a generated class) is counted, except by a
 * serializer with {@code normalize.schemas=true}, which Confluent's skips every entry for. Enums are
 * not counted.
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

    /** The numbering of the messages of a schema's file, for {@link #resolve}. */
    static MessageIndexes of(ParsedSchema schema) {
        return new MessageIndexes(
                level(ProtobufFormat.fileDescriptor(schema).getMessageTypes(), impliedBy(schema, false)));
    }

    private static Level level(List<Descriptor> declared, Predicate<Descriptor> implied) {
        List<Descriptor> counted = counted(declared, implied);
        Level[] nested = new Level[counted.size()];
        for (int i = 0; i < nested.length; i++) {
            nested[i] = level(counted.get(i).getNestedTypes(), implied);
        }
        return new Level(counted.toArray(new Descriptor[0]), nested);
    }

    private static List<Descriptor> counted(List<Descriptor> declared, Predicate<Descriptor> implied) {
        List<Descriptor> counted = new ArrayList<>(declared.size());
        for (Descriptor type : declared) {
            if (!implied.test(type)) {
                counted.add(type);
            }
        }
        return counted;
    }

    /**
     * The entry messages of a schema that its text does not declare: those of its {@code map<K, V>}
     * fields, or, for {@code normalize.schemas=true}, every one.
     */
    private static Predicate<Descriptor> impliedBy(ParsedSchema schema, boolean normalize) {
        if (normalize) {
            return type -> type.getOptions().getMapEntry();
        }
        Set<String> mapFieldEntries = ProtobufFormat.mapFieldEntries(schema);
        return type -> type.getOptions().getMapEntry() && mapFieldEntries.contains(type.getFullName());
    }

    /**
     * The indexes of a message type of a schema's file.
     *
     * @param normalize whether the serializer normalizes schemas ({@code normalize.schemas})
     * @throws IllegalArgumentException if the type, or a type containing it, is a map entry the text
     *                                  does not declare: it has no index
     */
    static int[] of(Descriptor type, ParsedSchema schema, boolean normalize) {
        Predicate<Descriptor> implied = impliedBy(schema, normalize);
        int depth = 0;
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            depth++;
        }
        int[] path = new int[depth];
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            if (implied.test(current)) {
                throw new IllegalArgumentException("message " + type.getFullName() + " has no message index: "
                        + (current == type ? "it" : current.getFullName())
                        + " is a map entry, which protoc derives from a "
                        + "map field and which is not numbered; serialize the message that holds the map");
            }
            Descriptor parent = current.getContainingType();
            List<Descriptor> siblings = parent == null ? current.getFile().getMessageTypes() : parent.getNestedTypes();
            path[--depth] = counted(siblings, implied).indexOf(current);
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
                                + (current == null ? "" : " (entries of map<K, V> fields are not counted)"));
            }
            current = level.types()[index];
            level = level.nested()[index];
        }
        return current;
    }
}
