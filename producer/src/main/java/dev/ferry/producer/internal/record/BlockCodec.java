package dev.ferry.producer.internal.record;

/**
 * A codec whose frame is a header, then independent blocks of at most {@link #blockSize()}
 * uncompressed bytes, then an end (LZ4's frame, snappy-java's stream). The writer compresses each
 * full block as soon as the staged records fill it, on the thread that wrote them while they are
 * still in its cache, and only the rest when the batch is closed; the bytes are the same as
 * compressing everything at once, block boundaries counted from the first record, as Kafka's
 * output streams cut them.
 */
abstract sealed class BlockCodec extends CompressionCodec permits Lz4FrameCodec, SnappyCodec {

    /** The uncompressed bytes of a full block. */
    abstract int blockSize();

    /** Writes what precedes the first block. */
    abstract void writeHeader(ByteBufferOutput out);

    /**
     * Compresses {@code src[offset, offset + length)} as blocks of {@link #blockSize()}, the last one
     * possibly shorter; {@code offset} is a block boundary of the frame.
     */
    abstract void writeBlocks(byte[] src, int offset, int length, int level, ByteBufferOutput out);

    /** Writes what follows the last block. */
    abstract void writeEnd(ByteBufferOutput out);
}
