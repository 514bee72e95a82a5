package dev.ferry.producer.internal.record;

import dev.ferry.producer.internal.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Compresses a batch's records section in one go (the writer stages records uncompressed) and
 * decompresses one with a hard limit on the output, so a corrupt or hostile batch cannot allocate
 * beyond {@code maxBytes}.
 */
abstract sealed class CompressionCodec permits WholeBatchCodec, BlockCodec {

    static CompressionCodec forType(BatchCodec type) {
        switch (type) {
            case GZIP:
                return GzipCodec.INSTANCE;
            case SNAPPY:
                return SnappyCodec.INSTANCE;
            case LZ4:
                return Lz4FrameCodec.INSTANCE;
            case ZSTD:
                return ZstdCodec.INSTANCE;
            default:
                throw new IllegalArgumentException("No codec for " + type);
        }
    }

    /** Decompresses all of {@code src}; more than {@code maxBytes} of output is a protocol error. */
    final byte[] decompress(ByteBuffer src, int maxBytes) {
        try {
            return decompressUnchecked(src, maxBytes);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException("Corrupt " + getClass().getSimpleName() + " data in record batch: " + e, e);
        }
    }

    abstract byte[] decompressUnchecked(ByteBuffer src, int maxBytes) throws IOException;

    static byte[] array(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.duplicate().get(bytes);
        return bytes;
    }

    static ProtocolException tooLarge(int maxBytes) {
        return new ProtocolException("Decompressed records exceed the limit of " + maxBytes + " bytes");
    }
}
