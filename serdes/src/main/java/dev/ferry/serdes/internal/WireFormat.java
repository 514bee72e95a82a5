package dev.ferry.serdes.internal;

import dev.ferry.common.SerializationException;

/**
 * The Confluent wire format: {@code 0x00 | int32 big-endian schema id | [message indexes] | payload}.
 * Protobuf frames carry the path to the message type as zigzag varints: count, then each index; the
 * list {@code [0]} is written as the single byte {@code 0x00} and the long form {@code 02 00} is read.
 *
 * <p>Every decoding error is a {@link SerializationException} naming what was wrong and at which byte.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;
    private static final int MAX_INDEXES = 1024;
    private static final int COUNT = -1;

    private WireFormat() {
    }

    /** Writes magic byte and id at {@code out[0..4]}. */
    public static void writeHeader(byte[] out, int schemaId) {
        out[0] = MAGIC;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /** How errors name the bytes: {@code "value of topic 'orders'"}. Built only when an error is thrown. */
    public static String describe(String topic, boolean isKey) {
        return (isKey ? "key" : "value") + " of topic '" + topic + "'";
    }

    /** Reads and checks the magic byte and the schema id of a key's or value's frame. */
    public static int readSchemaId(byte[] data, String topic, boolean isKey) {
        if (data.length >= HEADER_SIZE && data[0] == MAGIC) {
            return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        }
        String what = describe(topic, isKey);
        if (data.length == 0) {
            throw new SerializationException("Cannot deserialize " + what + ": empty frame, expected magic byte 0x00 at byte 0");
        }
        if (data[0] != MAGIC) {
            throw new SerializationException(String.format(
                    "Cannot deserialize %s: unknown magic byte 0x%02x at byte 0, expected 0x00 (not in the Confluent wire format)",
                    what, data[0] & 0xff));
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Cannot deserialize " + what + ": truncated frame of " + data.length
                    + " bytes, the schema id needs bytes 1 to 4");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** The encoded size of a message-index list. */
    public static int indexesSize(int[] indexes) {
        if (isFirstMessage(indexes)) {
            return 1;
        }
        int size = varintSize(zigzag(indexes.length));
        for (int index : indexes) {
            size += varintSize(zigzag(index));
        }
        return size;
    }

    /** Writes a message-index list at {@code offset}; returns the offset after it. */
    public static int writeIndexes(byte[] out, int offset, int[] indexes) {
        if (isFirstMessage(indexes)) {
            out[offset] = 0;
            return offset + 1;
        }
        int position = writeVarint(out, offset, zigzag(indexes.length));
        for (int index : indexes) {
            position = writeVarint(out, position, zigzag(index));
        }
        return position;
    }

    /**
     * Checks the message-index list that starts at byte 5 of a Protobuf frame and returns where the
     * payload starts; read the checked list with {@link #indexCount} and {@link #index}. Allocates
     * nothing unless the list is malformed.
     */
    public static int indexesEnd(byte[] data, String topic, boolean isKey) {
        if (data.length > HEADER_SIZE && data[HEADER_SIZE] == 0) {
            return HEADER_SIZE + 1;
        }
        int count = readZigzag(data, HEADER_SIZE, topic, isKey, COUNT);
        int position = varintEnd(data, HEADER_SIZE);
        if (count < 0 || count > MAX_INDEXES) {
            throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": malformed message index count "
                    + count + " at byte " + HEADER_SIZE + ", allowed 0 to " + MAX_INDEXES);
        }
        for (int i = 0; i < count; i++) {
            int index = readZigzag(data, position, topic, isKey, i);
            if (index < 0) {
                throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": malformed message index "
                        + index + " at byte " + position + ", indexes are never negative");
            }
            position = varintEnd(data, position);
        }
        return position;
    }

    /** The number of indexes in a list checked by {@link #indexesEnd}; 0 stands for the list {@code [0]}. */
    public static int indexCount(byte[] data) {
        return decodeZigzag(data, HEADER_SIZE);
    }

    /** The index at position {@code n} of a list checked by {@link #indexesEnd}. */
    public static int index(byte[] data, int n) {
        int position = varintEnd(data, HEADER_SIZE);
        for (int i = 0; i < n; i++) {
            position = varintEnd(data, position);
        }
        return decodeZigzag(data, position);
    }

    private static boolean isFirstMessage(int[] indexes) {
        return indexes.length == 1 && indexes[0] == 0;
    }

    /** Reads a zigzag varint, naming the index {@code which} (or the {@link #COUNT}) when it is malformed. */
    private static int readZigzag(byte[] data, int start, String topic, boolean isKey, int which) {
        for (int at = start; at < start + 5; at++) {
            if (at >= data.length) {
                throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": truncated frame of "
                        + data.length + " bytes, " + field(which) + " starting at byte " + start + " is incomplete");
            }
            if ((data[at] & 0x80) == 0) {
                return decodeZigzag(data, start);
            }
        }
        throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": malformed varint for "
                + field(which) + " at byte " + start + ", longer than 5 bytes");
    }

    private static String field(int which) {
        return which == COUNT ? "message index count" : "message index " + which;
    }

    private static int decodeZigzag(byte[] data, int position) {
        int result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[position++];
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (result >>> 1) ^ -(result & 1);
            }
        }
    }

    private static int varintEnd(byte[] data, int position) {
        while ((data[position] & 0x80) != 0) {
            position++;
        }
        return position + 1;
    }

    private static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7f) != 0) {
            size++;
            value >>>= 7;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int offset, int value) {
        while ((value & ~0x7f) != 0) {
            out[offset++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }
}
