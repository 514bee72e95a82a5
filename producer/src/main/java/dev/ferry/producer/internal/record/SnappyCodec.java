package dev.ferry.producer.internal.record;

import dev.ferry.producer.internal.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.xerial.snappy.Snappy;

/**
 * Snappy in snappy-java's stream framing, which is what Kafka's {@code SnappyOutputStream} writes
 * and its readers expect: a 16-byte header, then blocks of (int32 length, compressed bytes).
 */
final class SnappyCodec extends BlockCodec {
    static final SnappyCodec INSTANCE = new SnappyCodec();

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int VERSION = 1;
    private static final int MIN_COMPATIBLE_VERSION = 1;
    private static final int HEADER_SIZE = MAGIC.length + 8;
    private static final int BLOCK_SIZE = 32 * 1024;

    private final AtomicReference<byte[]> spare = new AtomicReference<>();

    private SnappyCodec() {}

    @Override
    int blockSize() {
        return BLOCK_SIZE;
    }

    @Override
    void writeHeader(ByteBufferOutput out) {
        out.ensure(HEADER_SIZE).put(MAGIC).putInt(VERSION).putInt(MIN_COMPATIBLE_VERSION);
    }

    @Override
    void writeBlocks(byte[] src, int offset, int length, int level, ByteBufferOutput out) {
        try {
            for (int pos = offset; pos < offset + length; pos += BLOCK_SIZE) {
                int blockLength = Math.min(BLOCK_SIZE, offset + length - pos);
                ByteBuffer buffer = out.ensure(4);
                if (buffer.remaining() - 4 >= Snappy.maxCompressedLength(blockLength)) {
                    int lengthAt = buffer.position();
                    int compressed =
                            Snappy.compress(src, pos, blockLength, buffer.array(), buffer.arrayOffset() + lengthAt + 4);
                    buffer.putInt(compressed).position(lengthAt + 4 + compressed);
                } else {
                    writeThroughSpare(src, pos, blockLength, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }

    /**
     * A block near the end of the batch's buffer: snappy-java compresses only into room for its
     * worst case, which the buffer, filled at the estimated ratio, usually lacks while the block
     * compressed fits; so into a spare array first. One spare is kept for whichever thread comes next.
     */
    private void writeThroughSpare(byte[] src, int pos, int blockLength, ByteBufferOutput out) throws IOException {
        byte[] scratch = spare.getAndSet(null);
        if (scratch == null) {
            scratch = new byte[Snappy.maxCompressedLength(BLOCK_SIZE)];
        }
        try {
            int compressed = Snappy.compress(src, pos, blockLength, scratch, 0);
            out.ensure(4 + compressed).putInt(compressed).put(scratch, 0, compressed);
        } finally {
            spare.set(scratch);
        }
    }

    /** snappy-java's stream ends with its last block. */
    @Override
    void writeEnd(ByteBufferOutput out) {}

    @Override
    byte[] decompressUnchecked(ByteBuffer src, int maxBytes) throws IOException {
        byte[] in = array(src);
        if (in.length < HEADER_SIZE || !java.util.Arrays.equals(in, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ProtocolException("Snappy records lack the snappy-java stream header");
        }
        ByteBuffer blocks = ByteBuffer.wrap(in, HEADER_SIZE, in.length - HEADER_SIZE);
        ByteBufferOutput out = new ByteBufferOutput(ByteBuffer.allocate(Math.min(maxBytes, in.length * 4 + 64)));
        while (blocks.hasRemaining()) {
            if (blocks.remaining() < 4) {
                throw new ProtocolException("Truncated snappy block length");
            }
            int length = blocks.getInt();
            if (length < 0 || length > blocks.remaining()) {
                throw new ProtocolException(
                        "Snappy block length " + length + " exceeds the " + blocks.remaining() + " bytes left");
            }
            int uncompressed = Snappy.uncompressedLength(in, blocks.position(), length);
            if (uncompressed < 0 || (long) out.buffer().position() + uncompressed > maxBytes) {
                throw tooLarge(maxBytes);
            }
            ByteBuffer target = out.ensure(uncompressed);
            int written = Snappy.uncompress(
                    in, blocks.position(), length, target.array(), target.arrayOffset() + target.position());
            target.position(target.position() + written);
            blocks.position(blocks.position() + length);
        }
        ByteBuffer result = out.buffer().flip();
        return java.util.Arrays.copyOfRange(result.array(), 0, result.limit());
    }
}
