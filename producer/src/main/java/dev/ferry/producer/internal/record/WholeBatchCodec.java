package dev.ferry.producer.internal.record;

/** A codec that compresses a batch's records in one go (gzip and zstd streams here), on the thread that closes or fills the batch. */
abstract sealed class WholeBatchCodec extends CompressionCodec permits GzipCodec, ZstdCodec {

    /** Appends the compressed form of {@code src[offset, offset + length)} to {@code out}. */
    abstract void compress(byte[] src, int offset, int length, int level, ByteBufferOutput out);
}
