package dev.ferry.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Encoder of Kafka protocol primitives into a growing buffer, producing one size-prefixed frame as
 * a list of buffers for a gathering write.
 *
 * <p>Record batches are not copied: {@link #writeRecords} closes the current segment and appends the
 * batch's own buffer as the next one, so a produce request of many batches costs one small buffer
 * for the headers and field framing. Not thread-safe; reusable after {@link #toFrame()} via
 * {@link #reset()}.
 */
public final class ProtocolWriter {
    private static final int FRAME_SIZE_BYTES = 4;

    private final List<ByteBuffer> segments = new ArrayList<>();
    private ByteBuffer buffer;
    private int segmentStart;

    public ProtocolWriter(int initialCapacity) {
        buffer = ByteBuffer.allocate(Math.max(64, initialCapacity));
        reset();
    }

    public ProtocolWriter() {
        this(256);
    }

    /** Forgets everything written, keeping the buffer for the next frame. */
    public void reset() {
        segments.clear();
        buffer.clear();
        buffer.putInt(0);
        segmentStart = 0;
    }

    public ProtocolWriter writeInt8(byte value) {
        ensure(1).put(value);
        return this;
    }

    public ProtocolWriter writeBoolean(boolean value) {
        return writeInt8(value ? (byte) 1 : (byte) 0);
    }

    public ProtocolWriter writeInt16(short value) {
        ensure(2).putShort(value);
        return this;
    }

    public ProtocolWriter writeInt32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public ProtocolWriter writeInt64(long value) {
        ensure(8).putLong(value);
        return this;
    }

    public ProtocolWriter writeUuid(UUID value) {
        ensure(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
        return this;
    }

    public ProtocolWriter writeUnsignedVarint(int value) {
        Varints.writeUnsignedVarint(ensure(5), value);
        return this;
    }

    public ProtocolWriter writeVarint(int value) {
        Varints.writeVarint(ensure(5), value);
        return this;
    }

    public ProtocolWriter writeVarlong(long value) {
        Varints.writeVarlong(ensure(10), value);
        return this;
    }

    /** A non-null string; {@code field} names it if it is null or too long. */
    public ProtocolWriter writeString(String field, String value, boolean compact) {
        if (value == null) {
            throw new IllegalArgumentException("Field " + field + " must not be null");
        }
        return writeNullableString(field, value, compact);
    }

    public ProtocolWriter writeNullableString(String field, String value, boolean compact) {
        if (value == null) {
            return compact ? writeUnsignedVarint(0) : writeInt16((short) -1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > ProtocolReader.MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("Field " + field + " is " + bytes.length
                    + " bytes in UTF-8, more than the maximum " + ProtocolReader.MAX_STRING_LENGTH);
        }
        writeLength(bytes.length, compact, false);
        ensure(bytes.length).put(bytes);
        return this;
    }

    public ProtocolWriter writeBytes(String field, byte[] value, boolean compact) {
        if (value == null) {
            throw new IllegalArgumentException("Field " + field + " must not be null");
        }
        return writeNullableBytes(value, compact);
    }

    public ProtocolWriter writeNullableBytes(byte[] value, boolean compact) {
        if (value == null) {
            return compact ? writeUnsignedVarint(0) : writeInt32(-1);
        }
        writeLength(value.length, compact, true);
        ensure(value.length).put(value);
        return this;
    }

    /**
     * A nullable records field (length-prefixed bytes) whose content is appended as its own segment,
     * without copying: the caller must not touch {@code records} until the frame has been written.
     */
    public ProtocolWriter writeRecords(ByteBuffer records, boolean compact) {
        if (records == null) {
            return writeNullableBytes(null, compact);
        }
        writeLength(records.remaining(), compact, true);
        closeSegment();
        segments.add(records.duplicate());
        return this;
    }

    /** An array length: -1 (null) or the count, classic int32 or compact varint + 1. */
    public ProtocolWriter writeArrayLength(int length, boolean compact) {
        if (compact) {
            return writeUnsignedVarint(length + 1);
        }
        return writeInt32(length);
    }

    public <T> ProtocolWriter writeArray(Collection<T> values, boolean compact, ElementWriter<T> element) {
        writeArrayLength(values.size(), compact);
        for (T value : values) {
            element.write(this, value);
        }
        return this;
    }

    /** A compact array of structs of a flexible version: each element is followed by empty tagged fields. */
    public <T> ProtocolWriter writeStructArray(Collection<T> values, ElementWriter<T> element) {
        return writeArray(values, true, (writer, value) -> {
            element.write(writer, value);
            writer.writeEmptyTaggedFields();
        });
    }

    /** An empty tagged-field section: the count 0. */
    public ProtocolWriter writeEmptyTaggedFields() {
        return writeUnsignedVarint(0);
    }

    /** Size in bytes of everything written so far, excluding the frame's size prefix. */
    public int size() {
        int size = buffer.position() - segmentStart;
        for (ByteBuffer segment : segments) {
            size += segment.remaining();
        }
        return size - FRAME_SIZE_BYTES;
    }

    /**
     * Finishes the frame: fills in the int32 size prefix and returns the buffers to write in order.
     * The buffers share this writer's memory, valid until the next {@link #reset()}.
     */
    public ByteBuffer[] toFrame() {
        int size = size();
        closeSegment();
        segments.get(0).putInt(0, size);
        // copied by hand: ArrayList.toArray(T[]) is shared with every caller in the JVM, and a type it
        // had not seen there made C2 throw away and recompile the whole compiled request path
        ByteBuffer[] frame = new ByteBuffer[segments.size()];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = segments.get(i);
        }
        segments.clear();
        return frame;
    }

    /**
     * Finishes the frame and copies it into one buffer positioned after the size prefix: the payload
     * a reader of the received frame sees.
     */
    public ByteBuffer toPayload() {
        ByteBuffer payload = ByteBuffer.allocate(size() + FRAME_SIZE_BYTES);
        for (ByteBuffer segment : toFrame()) {
            payload.put(segment);
        }
        return payload.flip().position(FRAME_SIZE_BYTES);
    }

    private void writeLength(int length, boolean compact, boolean int32) {
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else if (int32) {
            writeInt32(length);
        } else {
            writeInt16((short) length);
        }
    }

    private void closeSegment() {
        if (buffer.position() > segmentStart || segments.isEmpty()) {
            ByteBuffer segment = buffer.duplicate();
            segment.limit(buffer.position()).position(segmentStart);
            segments.add(segment.slice());
            segmentStart = buffer.position();
        }
    }

    private ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            grow(bytes);
        }
        return buffer;
    }

    private void grow(int bytes) {
        // Segments already handed out keep pointing into the old buffer, which stays valid: only
        // the open segment moves to the new one.
        int open = buffer.position() - segmentStart;
        int capacity = Math.max(buffer.capacity() * 2, open + bytes + 64);
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        ByteBuffer pending = buffer.duplicate();
        pending.limit(buffer.position()).position(segmentStart);
        bigger.put(pending);
        buffer = bigger;
        segmentStart = 0;
    }

    /** Writes one array element. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        void write(ProtocolWriter writer, T value);
    }
}
