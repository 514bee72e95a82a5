package dev.ferry.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * Variable-length integers as Kafka writes them: unsigned LEB128 varints and zigzag-encoded signed
 * varints/varlongs. Static and allocation-free, because the record batch writer calls them per record.
 */
public final class Varints {
    private Varints() {}

    public static int sizeOfUnsignedVarint(int value) {
        // 1 byte per 7 bits of the highest set bit; 0 still takes one byte.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint(zigzag(value));
    }

    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(v);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    /**
     * The buffer forms write through the array forms into a heap buffer's array (the protocol writer's);
     * a value written past the buffer's limit fails in {@code position()}, past its array in the write.
     */
    public static void writeUnsignedVarint(ByteBuffer buffer, int value) {
        advance(buffer, writeUnsignedVarint(buffer.array(), at(buffer), value));
    }

    public static void writeVarint(ByteBuffer buffer, int value) {
        advance(buffer, writeVarint(buffer.array(), at(buffer), value));
    }

    public static void writeVarlong(ByteBuffer buffer, long value) {
        advance(buffer, writeVarlong(buffer.array(), at(buffer), value));
    }

    private static int at(ByteBuffer buffer) {
        return buffer.arrayOffset() + buffer.position();
    }

    private static void advance(ByteBuffer buffer, int arrayIndex) {
        buffer.position(arrayIndex - buffer.arrayOffset());
    }

    /**
     * Writes {@code value} as an unsigned varint into {@code array} at {@code index} and returns the
     * index after it; the caller has made room (the record batch writer sized the record first).
     */
    public static int writeUnsignedVarint(byte[] array, int index, int value) {
        int v = value;
        int i = index;
        while ((v & 0xFFFFFF80) != 0) {
            array[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[i++] = (byte) v;
        return i;
    }

    public static int writeVarint(byte[] array, int index, int value) {
        return writeUnsignedVarint(array, index, zigzag(value));
    }

    public static int writeVarlong(byte[] array, int index, long value) {
        long v = (value << 1) ^ (value >> 63);
        if ((v >>> 32) == 0) {
            // A record's timestamp delta, the one varlong per record, nearly always fits 32 bits, and
            // the int loop runs multi-byte for offset deltas and sizes all the time. A loop of its
            // own sees no timestamp delta of 64 ms or more until late, and the compiled append path
            // was thrown away and compiled again when the first one came ("unstable_if").
            return writeUnsignedVarint(array, index, (int) v);
        }
        int i = index;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            array[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[i++] = (byte) v;
        return i;
    }

    /** Reads an unsigned varint of at most 5 bytes; a longer one is malformed, not a huge number. */
    public static int readUnsignedVarint(ByteBuffer buffer, String field) {
        return readUnsignedVarint(buffer, field, "");
    }

    /**
     * As {@link #readUnsignedVarint(ByteBuffer, String)} for the part {@code part} of {@code field}: the
     * two are joined only for an error, so a per-response read builds no name.
     */
    public static int readUnsignedVarint(ByteBuffer buffer, String field, String part) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("Truncated varint in field " + field + part);
            }
            byte b = buffer.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 28 && (b & 0x70) != 0) {
                    break;
                }
                return value;
            }
        }
        throw new ProtocolException("Varint longer than 5 bytes in field " + field + part);
    }

    public static int readVarint(ByteBuffer buffer, String field) {
        int raw = readUnsignedVarint(buffer, field);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readVarlong(ByteBuffer buffer, String field) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("Truncated varlong in field " + field);
            }
            byte b = buffer.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    break;
                }
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new ProtocolException("Varlong longer than 10 bytes in field " + field);
    }
}
