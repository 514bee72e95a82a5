package dev.ferry.serdes.internal;

import dev.ferry.common.SerializationException;
import java.util.UUID;

/**
 * The Confluent wire format: {@code 0x00 | int32 big-endian schema id | [message indexes] | payload}.
 * Protobuf frames carry the path to the message type as zigzag varints: count, then each index; the
 * list {@code [0]} is written as the single byte {@code 0x00} and the long form {@code 02 00} is read.
 *
 * <p>Confluent Platform 8 added a second form of the schema's identity, {@code 0x01 | 16-byte GUID}
 * (most significant half first, as {@code java.util.UUID}), and a second place for it: the
 * {@code __key_schema_id}/{@code __value_schema_id} header, holding the identity and the message
 * indexes, with the payload left bare ({@code io.confluent.kafka.serializers.schema.id.SchemaId}).
 *
 * <p>Every decoding error is a {@link SerializationException} naming what was wrong and at which byte.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final byte MAGIC_GUID = 1;
    public static final int HEADER_SIZE = 5;
    public static final int GUID_HEADER_SIZE = 17;
    public static final String KEY_SCHEMA_ID_HEADER = "__key_schema_id";
    public static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";
    private static final int MAX_INDEXES = 1024;
    private static final int COUNT = -1;

    private WireFormat() {}

    /** Writes magic byte and id at {@code out[0..4]}. */
    public static void writeHeader(byte[] out, int schemaId) {
        out[0] = MAGIC;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /**
     * Where a frame names its schema and where its payload starts, for every form but the common
     * one ({@code 0x00 | id} in front of the payload, read by {@link #readSchemaId} without allocating).
     *
     * @param id           the schema id, when {@code guid} is null
     * @param guid         the schema GUID, or null
     * @param indexBytes   the bytes holding the message indexes (the header's value or the frame)
     * @param indexStart   where the indexes start in {@code indexBytes}
     * @param payloadStart where the payload starts in the frame
     */
    public record Located(int id, UUID guid, byte[] indexBytes, int indexStart, int payloadStart) {

        /** {@code "schema id 7"} or {@code "schema GUID …"}, for messages. */
        public String schemaName() {
            return guid == null ? "schema id " + id : "schema GUID " + guid;
        }
    }

    /** The header a key's or value's schema identity travels in. */
    public static String headerKey(boolean isKey) {
        return isKey ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER;
    }

    /** {@code 0x00 | id | [indexes]}: what goes in front of the payload (or in the header) for a schema id. */
    public static byte[] idBytes(int schemaId, int[] indexes) {
        byte[] out = new byte[HEADER_SIZE + (indexes == null ? 0 : indexesSize(indexes))];
        writeHeader(out, schemaId);
        if (indexes != null) {
            writeIndexes(out, HEADER_SIZE, indexes);
        }
        return out;
    }

    /** {@code 0x01 | GUID | [indexes]}: the value of a schema id header for a GUID. */
    public static byte[] guidBytes(UUID guid, int[] indexes) {
        byte[] out = new byte[GUID_HEADER_SIZE + (indexes == null ? 0 : indexesSize(indexes))];
        out[0] = MAGIC_GUID;
        long high = guid.getMostSignificantBits();
        long low = guid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (high >>> (56 - 8 * i));
            out[9 + i] = (byte) (low >>> (56 - 8 * i));
        }
        if (indexes != null) {
            writeIndexes(out, GUID_HEADER_SIZE, indexes);
        }
        return out;
    }

    /**
     * Reads the schema's identity from the schema id header's value when there is one, else from the
     * frame's prefix; either holds an id ({@code 0x00}) or a GUID ({@code 0x01}), then, when
     * {@code indexed} (Protobuf), the message indexes.
     *
     * @param header the header's value, or null to read the frame's prefix
     */
    public static Located locate(byte[] header, byte[] data, String topic, boolean isKey, boolean indexed) {
        byte[] source = header == null ? data : header;
        int idEnd = identityEnd(source, topic, isKey, header != null);
        int id = source[0] == MAGIC ? readInt(source, 1) : 0;
        UUID guid = source[0] == MAGIC_GUID ? new UUID(readLong(source, 1), readLong(source, 9)) : null;
        int end = indexed ? indexesEnd(source, idEnd, topic, isKey, header != null) : idEnd;
        if (header == null) {
            return new Located(id, guid, data, idEnd, end);
        }
        if (end != header.length) {
            throw new SerializationException("Cannot deserialize " + what(topic, isKey, true) + ": "
                    + (header.length - end) + " unexpected byte(s) after byte " + (end - 1) + " of the header");
        }
        return new Located(id, guid, header, idEnd, 0);
    }

    private static String what(String topic, boolean isKey, boolean inHeader) {
        return inHeader ? "header " + headerKey(isKey) + " of the " + describe(topic, isKey) : describe(topic, isKey);
    }

    private static int identityEnd(byte[] source, String topic, boolean isKey, boolean inHeader) {
        String noun = inHeader ? "header" : "frame";
        if (source.length == 0) {
            throw new SerializationException("Cannot deserialize " + what(topic, isKey, inHeader) + ": empty " + noun
                    + ", expected magic byte 0x00 or 0x01 at byte 0");
        }
        int size =
                switch (source[0]) {
                    case MAGIC -> HEADER_SIZE;
                    case MAGIC_GUID -> GUID_HEADER_SIZE;
                    default -> throw new SerializationException(unknownMagic(what(topic, isKey, inHeader), source[0]));
                };
        if (source.length < size) {
            throw new SerializationException(
                    "Cannot deserialize " + what(topic, isKey, inHeader) + ": truncated " + noun
                            + " of " + source.length + " bytes, the schema "
                            + (size == HEADER_SIZE ? "id needs bytes 1 to 4" : "GUID needs bytes 1 to 16"));
        }
        return size;
    }

    private static String unknownMagic(String what, byte magic) {
        return String.format(
                "Cannot deserialize %s: unknown magic byte 0x%02x at byte 0, expected 0x00 (schema id) or "
                        + "0x01 (schema GUID) (not in the Confluent wire format)",
                what, magic & 0xff);
    }

    private static int readInt(byte[] data, int at) {
        return ((data[at] & 0xff) << 24)
                | ((data[at + 1] & 0xff) << 16)
                | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    private static long readLong(byte[] data, int at) {
        return ((long) readInt(data, at) << 32) | (readInt(data, at + 4) & 0xffffffffL);
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
            throw new SerializationException(
                    "Cannot deserialize " + what + ": empty frame, expected magic byte 0x00 at byte 0");
        }
        if (data[0] != MAGIC) {
            throw new SerializationException(unknownMagic(what, data[0]));
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
        return indexesEnd(data, HEADER_SIZE, topic, isKey, false);
    }

    /** {@link #indexesEnd(byte[], String, boolean)} for a list starting at {@code start}, in the frame or the header. */
    private static int indexesEnd(byte[] data, int start, String topic, boolean isKey, boolean inHeader) {
        if (data.length > start && data[start] == 0) {
            return start + 1;
        }
        int count = readZigzag(data, start, topic, isKey, inHeader, COUNT);
        int position = varintEnd(data, start);
        if (count < 0 || count > MAX_INDEXES) {
            throw new SerializationException(
                    "Cannot deserialize " + what(topic, isKey, inHeader) + ": malformed message index count " + count
                            + " at byte " + start + ", allowed 0 to " + MAX_INDEXES);
        }
        for (int i = 0; i < count; i++) {
            int index = readZigzag(data, position, topic, isKey, inHeader, i);
            if (index < 0) {
                throw new SerializationException(
                        "Cannot deserialize " + what(topic, isKey, inHeader) + ": malformed message index " + index
                                + " at byte " + position + ", indexes are never negative");
            }
            position = varintEnd(data, position);
        }
        return position;
    }

    /** The number of indexes in a list checked by {@link #indexesEnd}; 0 stands for the list {@code [0]}. */
    public static int indexCount(byte[] data) {
        return indexCount(data, HEADER_SIZE);
    }

    /** {@link #indexCount(byte[])} of a list starting at {@code start}. */
    public static int indexCount(byte[] data, int start) {
        return decodeZigzag(data, start);
    }

    /** The index at position {@code n} of a list checked by {@link #indexesEnd}. */
    public static int index(byte[] data, int n) {
        return index(data, HEADER_SIZE, n);
    }

    /** {@link #index(byte[], int)} of a list starting at {@code start}. */
    public static int index(byte[] data, int start, int n) {
        int position = varintEnd(data, start);
        for (int i = 0; i < n; i++) {
            position = varintEnd(data, position);
        }
        return decodeZigzag(data, position);
    }

    private static boolean isFirstMessage(int[] indexes) {
        return indexes.length == 1 && indexes[0] == 0;
    }

    /** Reads a zigzag varint, naming the index {@code which} (or the {@link #COUNT}) when it is malformed. */
    private static int readZigzag(byte[] data, int start, String topic, boolean isKey, boolean inHeader, int which) {
        for (int at = start; at < start + 5; at++) {
            if (at >= data.length) {
                throw new SerializationException("Cannot deserialize " + what(topic, isKey, inHeader) + ": truncated "
                        + (inHeader ? "header" : "frame") + " of "
                        + data.length + " bytes, " + field(which) + " starting at byte " + start + " is incomplete");
            }
            if ((data[at] & 0x80) == 0) {
                return decodeZigzag(data, start);
            }
        }
        throw new SerializationException("Cannot deserialize " + what(topic, isKey, inHeader)
                + ": malformed varint for " + field(which) + " at byte " + start + ", longer than 5 bytes");
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
