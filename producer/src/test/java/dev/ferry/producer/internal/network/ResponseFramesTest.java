package dev.ferry.producer.internal.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Response frames cut from a byte stream that arrives in arbitrary pieces. The frames are built by
 * hand from Kafka's rule (a 4-byte big-endian size, then that many bytes), and every payload byte is
 * checked.
 */
class ResponseFramesTest {
    private static final int MAX = 1 << 20;

    @Test
    void framesThatArriveTogetherAreReadWithOneCall() throws IOException {
        List<byte[]> payloads =
                List.of(payload(1, 128), payload(2, 4), payload(3, 300), payload(4, 128), payload(5, 77));
        Transport transport = new Transport();
        transport.arrive(stream(payloads));
        ResponseFrames frames = new ResponseFrames(MAX);

        assertThat(frames.readFrom(transport)).isEqualTo(stream(payloads).length);
        assertThat(frames.caughtUp())
                .as("the read took less than it had room for")
                .isTrue();
        List<byte[]> read = new ArrayList<>();
        for (ByteBuffer frame = frames.next(); frame != null; frame = frames.next()) {
            read.add(bytes(frame));
        }

        assertThat(read).containsExactlyElementsOf(payloads);
        assertThat(transport.reads).isEqualTo(1);
        assertThat(frames.inFrame()).isFalse();
    }

    @Test
    void aReadThatFillsItsRoomMayHaveLeftMore() throws IOException {
        Transport transport = new Transport();
        transport.arrive(stream(List.of(payload(1, ResponseFrames.BUFFERED_BYTES), payload(2, 10))));
        ResponseFrames frames = new ResponseFrames(MAX);

        assertThat(frames.readFrom(transport)).isEqualTo(ResponseFrames.BUFFERED_BYTES);
        assertThat(frames.caughtUp()).isFalse();
        assertThat(frames.next())
                .as("a frame larger than the buffer, its first part read")
                .isNull();
        assertThat(frames.readFrom(transport))
                .as("the rest of the large frame, read into its own buffer")
                .isEqualTo(Integer.BYTES);
        assertThat(frames.caughtUp()).as("that read filled its room too").isFalse();
        assertThat(bytes(frames.next())).isEqualTo(payload(1, ResponseFrames.BUFFERED_BYTES));
        assertThat(frames.readFrom(transport)).isEqualTo(Integer.BYTES + 10);
        assertThat(frames.caughtUp()).isTrue();
        assertThat(bytes(frames.next())).isEqualTo(payload(2, 10));
    }

    @Test
    void aStreamSplitAnywhereGivesTheSameFrames() throws IOException {
        Random random = new Random(11);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            payloads.add(payload(i, 4 + random.nextInt(i % 10 == 0 ? 3 * ResponseFrames.BUFFERED_BYTES : 400)));
        }
        byte[] stream = stream(payloads);
        for (int maxPiece : new int[] {1, 3, 7, 100, 5_000, ResponseFrames.BUFFERED_BYTES + 9, stream.length}) {
            Transport transport = new Transport();
            ResponseFrames frames = new ResponseFrames(MAX);
            List<byte[]> read = new ArrayList<>();
            int at = 0;
            while (at < stream.length) {
                int piece = Math.min(stream.length - at, 1 + random.nextInt(maxPiece));
                transport.arrive(Arrays.copyOfRange(stream, at, at + piece));
                at += piece;
                read.addAll(drain(frames, transport));
                long framed = 0;
                for (byte[] payload : read) {
                    framed += Integer.BYTES + payload.length;
                }
                assertThat(frames.inFrame()).as("part of a frame read").isEqualTo(at > framed);
            }
            assertThat(read).as("pieces of at most %d bytes", maxPiece).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void framesAtTheBufferSizeGoEitherWay() throws IOException {
        int fits = ResponseFrames.BUFFERED_BYTES - Integer.BYTES;
        List<byte[]> payloads = List.of(payload(1, fits), payload(2, fits + 1), payload(3, 10), payload(4, fits));
        Transport transport = new Transport();
        transport.arrive(stream(payloads));
        ResponseFrames frames = new ResponseFrames(MAX);

        assertThat(drain(frames, transport)).containsExactlyElementsOf(payloads);
    }

    @Test
    void aFrameHandedOutIsTheReceiversToKeep() throws IOException {
        Transport transport = new Transport();
        ResponseFrames frames = new ResponseFrames(MAX);
        transport.arrive(stream(List.of(payload(1, 50))));
        ByteBuffer first = drainBuffers(frames, transport).get(0);
        transport.arrive(stream(List.of(payload(2, 50), payload(3, 50))));
        drainBuffers(frames, transport);

        assertThat(first.position()).isZero();
        assertThat(bytes(first)).isEqualTo(payload(1, 50));
    }

    @Test
    void aSizeOutsideTheLimitsIsRefusedByName() {
        for (int size : new int[] {3, -1, MAX + 1}) {
            Transport transport = new Transport();
            transport.arrive(ByteBuffer.allocate(8).putInt(size).putInt(0).array());
            ResponseFrames frames = new ResponseFrames(MAX);
            assertThatThrownBy(() -> drain(frames, transport))
                    .isInstanceOf(IOException.class)
                    .hasMessage("response frame of " + size + " bytes is outside 4.." + MAX);
        }
    }

    @Test
    void theEndOfTheStreamIsSeenInsideOrBetweenFrames() throws IOException {
        Transport transport = new Transport();
        ResponseFrames frames = new ResponseFrames(MAX);
        byte[] stream = stream(List.of(payload(1, 40)));
        transport.arrive(Arrays.copyOf(stream, 20));
        drain(frames, transport);
        transport.closed = true;

        assertThat(frames.readFrom(transport)).isEqualTo(-1);
        assertThat(frames.inFrame()).isTrue();
    }

    /** Hands out frames and reads until a read finds nothing more; the payloads. */
    private static List<byte[]> drain(ResponseFrames frames, Transport transport) throws IOException {
        List<byte[]> read = new ArrayList<>();
        for (ByteBuffer frame : drainBuffers(frames, transport)) {
            read.add(bytes(frame));
        }
        return read;
    }

    private static List<ByteBuffer> drainBuffers(ResponseFrames frames, Transport transport) throws IOException {
        List<ByteBuffer> read = new ArrayList<>();
        while (true) {
            ByteBuffer frame = frames.next();
            if (frame != null) {
                read.add(frame);
                continue;
            }
            if (frames.readFrom(transport) <= 0) {
                return read;
            }
        }
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }

    /** A payload whose bytes tell where they are: frame {@code id}, byte index. */
    private static byte[] payload(int id, int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (id * 31 + i);
        }
        return payload;
    }

    private static byte[] stream(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes(
                    ByteBuffer.allocate(Integer.BYTES).putInt(payload.length).array());
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    /** Bytes that have arrived and not been read, read as a socket gives them: what fits, else 0, or -1 once closed. */
    private static final class Transport implements TransportLayer {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private byte[] arrived = new byte[0];
        private int at;
        boolean closed;
        int reads;

        void arrive(byte[] bytes) {
            pending.writeBytes(Arrays.copyOfRange(arrived, at, arrived.length));
            pending.writeBytes(bytes);
            arrived = pending.toByteArray();
            pending.reset();
            at = 0;
        }

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            int available = arrived.length - at;
            if (available == 0) {
                return closed ? -1 : 0;
            }
            int n = Math.min(available, dst.remaining());
            dst.put(arrived, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean handshake() {
            return true;
        }

        @Override
        public int handshakeInterestOps() {
            return 0;
        }

        @Override
        public void write(ByteBuffer[] srcs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public boolean isHandshakeFailure(Exception failure) {
            return false;
        }

        @Override
        public void close() {}
    }
}
