package dev.ferry.producer.internal.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Zstandard via zstd-jni: one frame per batch; read as a stream, since Kafka's frames carry no content size. */
final class ZstdCodec extends WholeBatchCodec {
    static final ZstdCodec INSTANCE = new ZstdCodec();

    private ZstdCodec() {}

    @Override
    void compress(byte[] src, int offset, int length, int level, ByteBufferOutput out) {
        // Into the batch's own buffer first: the accumulator filled the batch so that its records
        // compressed at the estimated ratio fit, while zstd's worst-case bound for them does not. Making
        // room for the bound swapped a batch's buffer for one twice its size every time: with 1 MB
        // batches about 140 B of garbage per 100 B record. The bound only when the estimate was wrong.
        ByteBuffer buffer = out.ensure(0);
        int written;
        try {
            written = compressInto(buffer, buffer.remaining(), src, offset, length, level);
        } catch (ZstdException e) {
            if (e.getErrorCode() != Zstd.errDstSizeTooSmall()) {
                throw failed(e);
            }
            int bound = (int) Zstd.compressBound(length);
            buffer = out.ensure(bound);
            try {
                written = compressInto(buffer, bound, src, offset, length, level);
            } catch (ZstdException again) {
                throw failed(again);
            }
        }
        buffer.position(buffer.position() + written);
    }

    private static int compressInto(ByteBuffer buffer, int room, byte[] src, int offset, int length, int level) {
        return (int) Zstd.compressByteArray(
                buffer.array(), buffer.arrayOffset() + buffer.position(), room, src, offset, length, level);
    }

    private static IllegalStateException failed(ZstdException e) {
        return new IllegalStateException("zstd compression failed: " + e.getMessage(), e);
    }

    @Override
    byte[] decompressUnchecked(ByteBuffer src, int maxBytes) throws IOException {
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(array(src)))) {
            return GzipCodec.readBounded(in, maxBytes);
        }
    }
}
