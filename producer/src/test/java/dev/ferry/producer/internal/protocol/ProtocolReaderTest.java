package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;

class ProtocolReaderTest {

    @Test
    void readsWhatKafkasAccessorWrote() {
        // given
        ByteBuffer buffer = ByteBuffer.allocate(256);
        ByteBufferAccessor kafka = new ByteBufferAccessor(buffer);
        UUID uuid = UUID.randomUUID();
        byte[] utf8 = "héllo".getBytes(StandardCharsets.UTF_8);
        kafka.writeByte((byte) -3);
        kafka.writeShort((short) -300);
        kafka.writeInt(70000);
        kafka.writeLong(-5L);
        kafka.writeUuid(
                new org.apache.kafka.common.Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
        kafka.writeUnsignedVarint(utf8.length + 1);
        kafka.writeByteArray(utf8);
        kafka.writeShort((short) utf8.length);
        kafka.writeByteArray(utf8);
        kafka.writeUnsignedVarint(0);
        kafka.writeInt(-1);
        buffer.flip();

        // when
        ProtocolReader reader = new ProtocolReader(buffer);

        // then
        assertThat(reader.readInt8("a")).isEqualTo((byte) -3);
        assertThat(reader.readInt16("b")).isEqualTo((short) -300);
        assertThat(reader.readInt32("c")).isEqualTo(70000);
        assertThat(reader.readInt64("d")).isEqualTo(-5L);
        assertThat(reader.readUuid("e")).isEqualTo(uuid);
        assertThat(reader.readString("f", true)).isEqualTo("héllo");
        assertThat(reader.readString("g", false)).isEqualTo("héllo");
        assertThat(reader.readNullableString("h", true)).isNull();
        assertThat(reader.readNullableBytes("i", false)).isNull();
        assertThat(reader.remaining()).isZero();
    }

    @Test
    void aLengthBeyondTheRemainingBytesNamesTheFieldAndAllocatesNothing() {
        ByteBuffer buffer =
                ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip();
        assertThatThrownBy(() -> new ProtocolReader(buffer).readBytes("records", false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("records")
                .hasMessageContaining("4 remain");
    }

    @Test
    void anArrayCountBeyondTheRemainingBytesIsRejectedBeforeAllocating() {
        ByteBuffer buffer =
                ByteBuffer.allocate(8).putInt(1_000_000_000).putInt(0).flip();
        assertThatThrownBy(() -> new ProtocolReader(buffer).readArray("topics", false, r -> r.readInt8("x")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("topics");
    }

    @Test
    void negativeLengthsOtherThanNullAreRejected() {
        ByteBuffer buffer = ByteBuffer.allocate(2).putShort((short) -2).flip();
        assertThatThrownBy(() -> new ProtocolReader(buffer).readNullableString("clientId", false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("clientId");
    }

    @Test
    void aCompactStringLongerThanKafkasLimitIsRejected() {
        ByteBuffer buffer = ByteBuffer.allocate(40_000);
        ByteUtils.writeUnsignedVarint(Short.MAX_VALUE + 2, buffer);
        buffer.position(buffer.capacity()).flip();
        assertThatThrownBy(() -> new ProtocolReader(buffer).readString("host", true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("host")
                .hasMessageContaining("maximum");
    }

    @Test
    void unknownTaggedFieldsAreSkippedAndKnownOnesHandled() {
        // given: Kafka's own tagged-field writer, tags 0 (known) and 7 (unknown)
        ByteBuffer buffer = ByteBuffer.allocate(64);
        ByteBufferAccessor kafka = new ByteBufferAccessor(buffer);
        kafka.writeUnsignedVarint(2);
        kafka.writeUnsignedVarint(0);
        kafka.writeUnsignedVarint(4);
        kafka.writeInt(1234);
        RawTaggedField unknown = new RawTaggedField(7, new byte[] {1, 2, 3});
        kafka.writeUnsignedVarint(unknown.tag());
        kafka.writeUnsignedVarint(unknown.size());
        kafka.writeByteArray(unknown.data());
        kafka.writeInt(99);
        buffer.flip();
        ProtocolReader reader = new ProtocolReader(buffer);
        List<Integer> seen = new ArrayList<>();

        // when
        reader.readTaggedFields("response", (tag, body) -> {
            if (tag == 0) {
                seen.add(body.readInt32("known"));
            }
        });

        // then
        assertThat(seen).containsExactly(1234);
        assertThat(reader.readInt32("after")).isEqualTo(99);
    }

    @Test
    void aStructArraySkipsTheTaggedFieldsAfterEachElement() {
        // given: two elements (5 and 6), the first with an unknown two-byte tag 3, then 99
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {3, 0, 0, 0, 5, 1, 3, 2, 1, 2, 0, 0, 0, 6, 0, 0, 0, 0, 99});
        ProtocolReader reader = new ProtocolReader(buffer);

        // when
        List<Integer> values = reader.readStructArray("topics", e -> e.readInt32("topics.value"));

        // then
        assertThat(values).containsExactly(5, 6);
        assertThat(reader.readInt32("after")).isEqualTo(99);
    }

    @Test
    void aStructArrayElementsBadTaggedFieldsNameTheArray() {
        // one element: an int, then a tagged field that claims 5 bytes where none remain
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {2, 0, 0, 0, 7, 1, 0, 5});
        assertThatThrownBy(() -> new ProtocolReader(buffer).readStructArray("topics", e -> e.readInt32("x")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("topics");
    }

    @Test
    void aTaggedFieldLongerThanTheBufferIsRejected() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 5, 100, 0});
        assertThatThrownBy(() -> new ProtocolReader(buffer).skipTaggedFields("header"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header");
    }
}
