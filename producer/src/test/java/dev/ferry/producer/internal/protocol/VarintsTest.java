package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VarintsTest {

    static IntStream ints() {
        Random random = new Random(42);
        return IntStream.concat(
                IntStream.of(
                        0,
                        1,
                        -1,
                        63,
                        64,
                        -64,
                        -65,
                        127,
                        128,
                        8191,
                        8192,
                        16383,
                        16384,
                        Integer.MAX_VALUE,
                        Integer.MIN_VALUE,
                        1 << 28,
                        -(1 << 28)),
                IntStream.generate(() -> random.nextInt() >> random.nextInt(32)).limit(500));
    }

    static LongStream longs() {
        Random random = new Random(43);
        return LongStream.concat(
                LongStream.of(
                        0,
                        1,
                        -1,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        1L << 56,
                        -(1L << 62),
                        Integer.MAX_VALUE,
                        // either side of a zigzag value that fills 32 bits, where the writer changes loops
                        Integer.MIN_VALUE,
                        Integer.MIN_VALUE - 1L,
                        Integer.MAX_VALUE + 1L,
                        1L << 32,
                        -(1L << 32)),
                LongStream.generate(() -> random.nextLong() >> random.nextInt(64))
                        .limit(500));
    }

    /**
     * One of Ferry's varint encodings beside kafka-clients' own, the oracle: the same bytes, the same
     * size, and the value read back.
     */
    private record Encoding<T>(
            BiConsumer<ByteBuffer, T> write,
            ArrayWrite<T> arrayWrite,
            BiConsumer<T, ByteBuffer> kafkaWrite,
            ToIntFunction<T> size,
            ToIntFunction<T> kafkaSize,
            BiFunction<ByteBuffer, String, T> read) {

        void assertByteIdenticalToKafkaAndRoundTrips(T value) {
            // given
            ByteBuffer ours = ByteBuffer.allocate(10);
            ByteBuffer kafka = ByteBuffer.allocate(10);

            // when
            write.accept(ours, value);
            kafkaWrite.accept(value, kafka);

            // then
            assertThat(ours.flip()).isEqualTo(kafka.flip());
            assertThat(size.applyAsInt(value))
                    .isEqualTo(kafkaSize.applyAsInt(value))
                    .isEqualTo(ours.remaining());
            assertThat(read.apply(ours.duplicate(), "v")).isEqualTo(value);
            assertArrayWriteIsTheSame(value, kafka);
        }

        /** The record batch writer's array form: the same bytes at an index inside the array, and the index after them. */
        private void assertArrayWriteIsTheSame(T value, ByteBuffer kafka) {
            byte[] array = new byte[16];
            java.util.Arrays.fill(array, (byte) 0x55);
            int end = arrayWrite.write(array, 3, value);
            byte[] expected = new byte[kafka.remaining()];
            kafka.duplicate().get(expected);
            assertThat(end).isEqualTo(3 + expected.length);
            assertThat(java.util.Arrays.copyOfRange(array, 3, end)).isEqualTo(expected);
            assertThat(array[2]).isEqualTo((byte) 0x55);
            assertThat(array[end]).isEqualTo((byte) 0x55);
        }
    }

    @FunctionalInterface
    private interface ArrayWrite<T> {
        int write(byte[] array, int index, T value);
    }

    private static final Encoding<Integer> VARINT = new Encoding<>(
            Varints::writeVarint,
            Varints::writeVarint,
            ByteUtils::writeVarint,
            Varints::sizeOfVarint,
            ByteUtils::sizeOfVarint,
            Varints::readVarint);
    private static final Encoding<Integer> UNSIGNED_VARINT = new Encoding<>(
            Varints::writeUnsignedVarint,
            Varints::writeUnsignedVarint,
            ByteUtils::writeUnsignedVarint,
            Varints::sizeOfUnsignedVarint,
            ByteUtils::sizeOfUnsignedVarint,
            Varints::readUnsignedVarint);
    private static final Encoding<Long> VARLONG = new Encoding<>(
            Varints::writeVarlong,
            Varints::writeVarlong,
            ByteUtils::writeVarlong,
            Varints::sizeOfVarlong,
            ByteUtils::sizeOfVarlong,
            Varints::readVarlong);

    @ParameterizedTest
    @MethodSource("ints")
    void varintIsByteIdenticalToKafkaAndRoundTrips(int value) {
        VARINT.assertByteIdenticalToKafkaAndRoundTrips(value);
    }

    @ParameterizedTest
    @MethodSource("ints")
    void unsignedVarintIsByteIdenticalToKafkaAndRoundTrips(int value) {
        UNSIGNED_VARINT.assertByteIdenticalToKafkaAndRoundTrips(value);
    }

    @ParameterizedTest
    @MethodSource("longs")
    void varlongIsByteIdenticalToKafkaAndRoundTrips(long value) {
        VARLONG.assertByteIdenticalToKafkaAndRoundTrips(value);
    }

    static Stream<byte[]> malformed() {
        return Stream.of(
                new byte[0],
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01},
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void truncatedOrOverlongVarintIsAProtocolExceptionNamingTheField(byte[] bytes) {
        assertThatThrownBy(() -> Varints.readUnsignedVarint(ByteBuffer.wrap(bytes), "recordLength"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("recordLength");
    }

    @Test
    void overlongVarlongIsAProtocolException() {
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0x80);
        assertThatThrownBy(() -> Varints.readVarlong(ByteBuffer.wrap(eleven), "timestampDelta"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("timestampDelta");
    }
}
