package dev.ferry.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Strict, bounded decoder of Kafka protocol primitives over one response (or any buffer).
 *
 * <p>Every length is checked against the bytes that remain and against a sane maximum before
 * anything is allocated, so a corrupt or hostile length is a {@link ProtocolException} naming the
 * field, never an {@code OutOfMemoryError} or a hang. Not thread-safe: one reader per buffer.
 */
public final class ProtocolReader {
    /** Kafka's own limit for every string form. */
    public static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    private final ByteBuffer buffer;

    public ProtocolReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int remaining() {
        return buffer.remaining();
    }

    public byte readInt8(String field) {
        require(1, field);
        return buffer.get();
    }

    public boolean readBoolean(String field) {
        return readInt8(field) != 0;
    }

    public short readInt16(String field) {
        require(2, field);
        return buffer.getShort();
    }

    public int readInt32(String field) {
        require(4, field);
        return buffer.getInt();
    }

    public long readInt64(String field) {
        require(8, field);
        return buffer.getLong();
    }

    public UUID readUuid(String field) {
        require(16, field);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public int readUnsignedVarint(String field) {
        return Varints.readUnsignedVarint(buffer, field);
    }

    public int readVarint(String field) {
        return Varints.readVarint(buffer, field);
    }

    public long readVarlong(String field) {
        return Varints.readVarlong(buffer, field);
    }

    /** A string in the classic (int16 length) or compact (varint length + 1) form; never null. */
    public String readString(String field, boolean compact) {
        String value = readNullableString(field, compact);
        if (value == null) {
            throw new ProtocolException("Null value for non-nullable string field " + field);
        }
        return value;
    }

    public String readNullableString(String field, boolean compact) {
        int length = compact ? readUnsignedVarint(field) - 1 : readInt16(field);
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new ProtocolException("Negative length " + length + " for string field " + field);
        }
        if (length > MAX_STRING_LENGTH) {
            throw new ProtocolException(
                    "String field " + field + " has length " + length + ", more than the maximum " + MAX_STRING_LENGTH);
        }
        require(length, field);
        String value;
        if (buffer.hasArray()) {
            value = new String(
                    buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    /** Bytes in the classic (int32 length) or compact (varint length + 1) form; never null. */
    public byte[] readBytes(String field, boolean compact) {
        byte[] value = readNullableBytes(field, compact);
        if (value == null) {
            throw new ProtocolException("Null value for non-nullable bytes field " + field);
        }
        return value;
    }

    public byte[] readNullableBytes(String field, boolean compact) {
        ByteBuffer slice = readNullableBytesSlice(field, compact);
        if (slice == null) {
            return null;
        }
        byte[] bytes = new byte[slice.remaining()];
        slice.get(bytes);
        return bytes;
    }

    /** The bytes as a read-only slice of this buffer, without copying; null for a null value. */
    public ByteBuffer readNullableBytesSlice(String field, boolean compact) {
        int length = compact ? readUnsignedVarint(field) - 1 : readInt32(field);
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new ProtocolException("Negative length " + length + " for bytes field " + field);
        }
        require(length, field);
        ByteBuffer slice = buffer.slice().limit(length).asReadOnlyBuffer();
        buffer.position(buffer.position() + length);
        return slice;
    }

    /**
     * An array's element count, or -1 for a null array. Each element takes at least one byte in
     * every message we decode, so a count above the remaining bytes is corrupt.
     */
    public int readArrayLength(String field, boolean compact) {
        int length = compact ? readUnsignedVarint(field) - 1 : readInt32(field);
        if (length < -1) {
            throw new ProtocolException("Negative length " + length + " for array field " + field);
        }
        if (length > buffer.remaining()) {
            throw new ProtocolException("Array field " + field + " claims " + length + " elements but only "
                    + buffer.remaining() + " bytes remain");
        }
        return length;
    }

    /** {@link #readArrayLength} of an array that must not be null. */
    public int readNonNullArrayLength(String field, boolean compact) {
        int length = readArrayLength(field, compact);
        if (length < 0) {
            throw new ProtocolException("Null value for non-nullable array field " + field);
        }
        return length;
    }

    /** Reads a non-null array, one element per call of {@code element}. */
    public <T> List<T> readArray(String field, boolean compact, ElementReader<T> element) {
        int length = readNonNullArrayLength(field, compact);
        @SuppressWarnings("unchecked")
        T[] values = (T[]) new Object[length];
        for (int i = 0; i < length; i++) {
            values[i] = element.read(this);
        }
        return listOf(values);
    }

    /**
     * An unmodifiable list over {@code values}, of one class whatever the length: {@code List.of}'s
     * classes differ by length, so a response with one more partition than the last would make the JIT
     * throw away the compiled code that iterates it.
     */
    public static <T> List<T> listOf(T[] values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * Reads a non-null compact array of structs of a flexible version: each element is followed by its
     * tagged fields, which are skipped (errors in them name {@code field}).
     */
    public <T> List<T> readStructArray(String field, ElementReader<T> element) {
        return readArray(field, true, reader -> {
            T value = element.read(reader);
            reader.skipTaggedFields(field);
            return value;
        });
    }

    /** Reads the tagged-field section; tags the handler does not take are skipped, never fatal. */
    public void readTaggedFields(String field, TagHandler handler) {
        int count = Varints.readUnsignedVarint(buffer, field, ".taggedFieldCount");
        if (count > buffer.remaining()) {
            throw new ProtocolException("Tagged fields of " + field + " claim " + count + " entries but only "
                    + buffer.remaining() + " bytes remain");
        }
        for (int i = 0; i < count; i++) {
            int tag = Varints.readUnsignedVarint(buffer, field, ".tag");
            int size = Varints.readUnsignedVarint(buffer, field, ".tagSize");
            if (size < 0) {
                throw new ProtocolException("Negative size " + size + " of tag " + tag + " in " + field);
            }
            require(size, field + ".tag" + tag);
            int end = buffer.position() + size;
            ByteBuffer body = buffer.slice().limit(size);
            buffer.position(end);
            handler.handle(tag, new ProtocolReader(body));
        }
    }

    public void skipTaggedFields(String field) {
        readTaggedFields(field, (tag, reader) -> {});
    }

    private void require(int bytes, String field) {
        if (bytes > buffer.remaining()) {
            throw new ProtocolException(
                    "Field " + field + " needs " + bytes + " bytes but only " + buffer.remaining() + " remain");
        }
    }

    /** Reads one array element. */
    @FunctionalInterface
    public interface ElementReader<T> {
        T read(ProtocolReader reader);
    }

    /** Receives one tagged field; a tag it does not know it simply ignores. */
    @FunctionalInterface
    public interface TagHandler {
        void handle(int tag, ProtocolReader reader);
    }
}
