package dev.ferry.serdes.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.producer.SerializationException;
import dev.ferry.serdes.internal.WireFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Message indexes: the path from a file's top-level messages to a message type. */
final class MessageIndexes {

    private MessageIndexes() {
    }

    static int[] of(Descriptor type) {
        Deque<Integer> path = new ArrayDeque<>();
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            path.addFirst(current.getIndex());
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
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

    /**
     * The type the index list of a frame names (a list checked by {@link WireFormat#indexesEnd});
     * errors name the bad index and its position.
     */
    static Descriptor resolve(FileDescriptor file, byte[] frame, String topic, boolean isKey, int schemaId) {
        int count = WireFormat.indexCount(frame);
        List<Descriptor> candidates = file.getMessageTypes();
        Descriptor current = null;
        for (int i = 0; i < Math.max(count, 1); i++) {
            int index = count == 0 ? 0 : WireFormat.index(frame, i);
            if (index >= candidates.size()) {
                String scope = current == null ? "the schema's top level" : "message " + current.getFullName();
                throw new SerializationException("Cannot deserialize " + WireFormat.describe(topic, isKey) + ": message index " + index
                        + " at position " + i + " of the index list is out of range: " + scope + " of schema id "
                        + schemaId + " has " + candidates.size() + " message type(s)");
            }
            current = candidates.get(index);
            candidates = current.getNestedTypes();
        }
        return current;
    }
}
