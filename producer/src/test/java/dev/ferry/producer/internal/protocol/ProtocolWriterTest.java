package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.api.Test;

class ProtocolWriterTest {

    @Test
    void writesWhatKafkasAccessorReads() {
        // given
        UUID uuid = UUID.randomUUID();
        ProtocolWriter writer = new ProtocolWriter(8);

        // when: more than the initial capacity, to force growth
        writer.writeInt8((byte) 7)
                .writeInt16((short) 300)
                .writeInt32(-2)
                .writeInt64(1L << 40)
                .writeUuid(uuid)
                .writeString("s", "topic-ä", true)
                .writeString("s2", "client", false)
                .writeNullableString("n", null, true)
                .writeNullableBytes(new byte[] {9, 8}, true)
                .writeArray(List.of(1, 2, 3), true, ProtocolWriter::writeInt32)
                .writeEmptyTaggedFields();
        ByteBuffer payload = writer.toPayload();

        // then
        ByteBuffer whole = payload.duplicate().position(0);
        assertThat(whole.getInt()).isEqualTo(payload.remaining());
        ByteBufferAccessor kafka = new ByteBufferAccessor(payload);
        assertThat(kafka.readByte()).isEqualTo((byte) 7);
        assertThat(kafka.readShort()).isEqualTo((short) 300);
        assertThat(kafka.readInt()).isEqualTo(-2);
        assertThat(kafka.readLong()).isEqualTo(1L << 40);
        assertThat(kafka.readUuid().toString())
                .isEqualTo(
                        new org.apache.kafka.common.Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())
                                .toString());
        assertThat(kafka.readString(kafka.readUnsignedVarint() - 1)).isEqualTo("topic-ä");
        assertThat(kafka.readString(kafka.readShort())).isEqualTo("client");
        assertThat(kafka.readUnsignedVarint()).isZero();
        assertThat(kafka.readArray(kafka.readUnsignedVarint() - 1)).containsExactly(9, 8);
        assertThat(kafka.readUnsignedVarint()).isEqualTo(4);
        assertThat(new int[] {kafka.readInt(), kafka.readInt(), kafka.readInt()})
                .containsExactly(1, 2, 3);
        assertThat(kafka.readUnsignedVarint()).isZero();
        assertThat(payload.hasRemaining()).isFalse();
    }

    @Test
    void aStructArrayEndsEachElementWithEmptyTaggedFields() {
        ProtocolWriter writer = new ProtocolWriter(8);

        writer.writeStructArray(List.of(1, 2), ProtocolWriter::writeInt32);

        ByteBuffer payload = writer.toPayload();
        ByteBufferAccessor kafka = new ByteBufferAccessor(payload);
        assertThat(kafka.readUnsignedVarint()).isEqualTo(3);
        assertThat(kafka.readInt()).isEqualTo(1);
        assertThat(kafka.readUnsignedVarint()).isZero();
        assertThat(kafka.readInt()).isEqualTo(2);
        assertThat(kafka.readUnsignedVarint()).isZero();
        assertThat(payload.hasRemaining()).isFalse();
    }

    @Test
    void recordsAreAppendedAsTheirOwnSegmentWithoutCopying() {
        // given
        ByteBuffer batch = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        ProtocolWriter writer = new ProtocolWriter();

        // when
        writer.writeInt32(42).writeRecords(batch, false).writeInt16((short) 7);
        ByteBuffer[] frame = writer.toFrame();

        // then
        assertThat(frame).hasSize(3);
        assertThat(frame[1].array()).isSameAs(batch.array());
        assertThat(frame[0].getInt(0)).isEqualTo(4 + 4 + 5 + 2);
        assertThat(frame[0].getInt(4)).isEqualTo(42);
        assertThat(frame[0].getInt(8)).isEqualTo(5);
        assertThat(frame[2].getShort(0)).isEqualTo((short) 7);
    }

    @Test
    void aTooLongStringNamesTheField() {
        String tooLong = "x".repeat(Short.MAX_VALUE + 1);
        assertThatThrownBy(() -> new ProtocolWriter().writeString("transactionalId", tooLong, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionalId");
    }

    @Test
    void aResetWriterStartsANewFrame() {
        ProtocolWriter writer = new ProtocolWriter();
        writer.writeInt64(1).toFrame();
        writer.reset();
        ByteBuffer payload = writer.writeInt8((byte) 1).toPayload();
        assertThat(payload.getInt(0)).isEqualTo(1);
    }
}
