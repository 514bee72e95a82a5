package dev.ferry.producer.internal.record;

import dev.ferry.producer.internal.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format as Kafka's {@code Lz4BlockOutputStream} writes it: independent 64 KiB
 * blocks, no block or content checksum, a correct header checksum (magic v1+ batches), a block
 * stored raw when compressing does not shrink it.
 */
final class Lz4FrameCodec extends BlockCodec {
    static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();

    private static final int MAGIC = 0x184D2204;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final byte FLG = 0x60; // version 01, independent blocks, no checksums, no content size
    private static final byte BD = 0x40; // block maximum size 64 KiB
    private static final int INCOMPRESSIBLE = 0x80000000;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;

    private final LZ4Factory factory = LZ4Factory.fastestInstance();
    private final LZ4Compressor fast = factory.fastCompressor();
    private final LZ4Compressor[] highByLevel = new LZ4Compressor[BatchCodec.LZ4.maxLevel() + 1];
    private final LZ4SafeDecompressor decompressor = factory.safeDecompressor();
    private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();
    private final byte headerChecksum = (byte) ((xxhash.hash(new byte[] {FLG, BD}, 0, 2, 0) >> 8) & 0xFF);

    private Lz4FrameCodec() {}

    @Override
    int blockSize() {
        return BLOCK_SIZE;
    }

    @Override
    void writeHeader(ByteBufferOutput out) {
        out.ensure(7)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC)
                .order(ByteOrder.BIG_ENDIAN)
                .put(FLG)
                .put(BD)
                .put(headerChecksum);
    }

    @Override
    void writeBlocks(byte[] src, int offset, int length, int level, ByteBufferOutput out) {
        // Kafka uses the fast compressor at its default level 9 and LZ4-HC only for other levels;
        // doing the same keeps our batches and CPU cost comparable to the Java client's.
        LZ4Compressor compressor = level == BatchCodec.LZ4.defaultLevel() ? fast : highCompressor(level);
        for (int pos = offset; pos < offset + length; pos += BLOCK_SIZE) {
            int blockLength = Math.min(BLOCK_SIZE, offset + length - pos);
            ByteBuffer buffer = out.ensure(4);
            int room = buffer.remaining() - 4;
            int bound = compressor.maxCompressedLength(blockLength);
            int compressed = room >= bound
                    ? compressor.compress(
                            src, pos, blockLength, buffer.array(), buffer.arrayOffset() + buffer.position() + 4, room)
                    : compressWithin(compressor, src, pos, blockLength, buffer, Math.min(room, blockLength - 1));
            if (compressed < 0 && room < blockLength) {
                // neither the compressed block nor the block stored as it is fits: grow for the bound
                buffer = out.ensure(4 + bound);
                compressed = compressor.compress(
                        src, pos, blockLength, buffer.array(), buffer.arrayOffset() + buffer.position() + 4, bound);
            }
            int lengthAt = buffer.position();
            int dataAt = buffer.arrayOffset() + lengthAt + 4;
            if (compressed < 0 || compressed >= blockLength) {
                System.arraycopy(src, pos, buffer.array(), dataAt, blockLength);
                putIntLE(buffer, lengthAt, blockLength | INCOMPRESSIBLE);
                buffer.position(lengthAt + 4 + blockLength);
            } else {
                putIntLE(buffer, lengthAt, compressed);
                buffer.position(lengthAt + 4 + compressed);
            }
        }
    }

    /**
     * Compresses into at most {@code limit} bytes after the block's length, or returns -1 when the
     * block does not compress into that: a batch's buffer holds the blocks its records compress to
     * (the accumulator filled it at the estimated ratio), not LZ4's worst-case bound for each, and
     * making room for the bound swapped a full batch's buffer for one twice its size. LZ4 writes the
     * same bytes with or without the limit.
     */
    private static int compressWithin(
            LZ4Compressor compressor, byte[] src, int pos, int blockLength, ByteBuffer buffer, int limit) {
        if (limit <= 0) {
            return -1;
        }
        try {
            return compressor.compress(
                    src, pos, blockLength, buffer.array(), buffer.arrayOffset() + buffer.position() + 4, limit);
        } catch (LZ4Exception doesNotFit) {
            // the limit's answer, not a failure: the caller stores the block or grows the buffer
            return -1;
        }
    }

    @Override
    void writeEnd(ByteBufferOutput out) {
        ByteBuffer buffer = out.ensure(4);
        putIntLE(buffer, buffer.position(), 0);
        buffer.position(buffer.position() + 4);
    }

    private LZ4Compressor highCompressor(int level) {
        // A benign race: two threads may both create the (stateless) compressor for a level.
        LZ4Compressor compressor = highByLevel[level];
        if (compressor == null) {
            compressor = factory.highCompressor(level);
            highByLevel[level] = compressor;
        }
        return compressor;
    }

    @Override
    byte[] decompressUnchecked(ByteBuffer src, int maxBytes) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = array(in);
        in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 7 || in.getInt() != MAGIC) {
            throw new ProtocolException("LZ4 records lack the LZ4 frame magic");
        }
        int flg = in.get() & 0xFF;
        int bd = in.get() & 0xFF;
        if ((flg >> 6) != 1) {
            throw new ProtocolException("Unsupported LZ4 frame version " + (flg >> 6));
        }
        if ((flg & FLG_CONTENT_SIZE) != 0) {
            requireRemaining(in, 8, "LZ4 content size");
            in.position(in.position() + 8);
        }
        int blockMax = 1 << (8 + 2 * ((bd >> 4) & 0x7));
        if (((bd >> 4) & 0x7) < 4) {
            throw new ProtocolException("Invalid LZ4 block maximum size code " + ((bd >> 4) & 0x7));
        }
        requireRemaining(in, 1, "LZ4 header checksum");
        in.get();
        ByteBufferOutput out =
                new ByteBufferOutput(ByteBuffer.allocate(Math.min(maxBytes, Math.max(64, bytes.length * 4))));
        while (true) {
            requireRemaining(in, 4, "LZ4 block length");
            int raw = in.getInt();
            if (raw == 0) {
                break;
            }
            int length = raw & ~INCOMPRESSIBLE;
            requireRemaining(in, length, "LZ4 block");
            int room = Math.min(blockMax, maxBytes - out.buffer().position());
            ByteBuffer target = out.ensure(Math.min(blockMax, Math.max(room, 0)));
            int written;
            if ((raw & INCOMPRESSIBLE) != 0) {
                if (length > room) {
                    throw tooLarge(maxBytes);
                }
                System.arraycopy(bytes, in.position(), target.array(), target.position(), length);
                written = length;
            } else {
                written =
                        decompressor.decompress(bytes, in.position(), length, target.array(), target.position(), room);
            }
            target.position(target.position() + written);
            in.position(in.position() + length);
            if ((flg & FLG_BLOCK_CHECKSUM) != 0) {
                requireRemaining(in, 4, "LZ4 block checksum");
                in.position(in.position() + 4);
            }
        }
        ByteBuffer result = out.buffer().flip();
        return java.util.Arrays.copyOfRange(result.array(), 0, result.limit());
    }

    private static void requireRemaining(ByteBuffer in, int bytes, String what) {
        if (bytes < 0 || in.remaining() < bytes) {
            throw new ProtocolException(
                    "Truncated " + what + ": needs " + bytes + " bytes, " + in.remaining() + " left");
        }
    }

    private static void putIntLE(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) value)
                .put(index + 1, (byte) (value >> 8))
                .put(index + 2, (byte) (value >> 16))
                .put(index + 3, (byte) (value >>> 24));
    }
}
