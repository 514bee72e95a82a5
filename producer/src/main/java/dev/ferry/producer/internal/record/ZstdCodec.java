package dev.ferry.producer.internal.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Zstandard via zstd-jni: one frame per batch; read as a stream, since Kafka's frames carry no content size. */
final class ZstdCodec extends CompressionCodec {
    static final ZstdCodec INSTANCE = new ZstdCodec();

    private ZstdCodec() {}

    @Override
    void compress(byte[] src, int offset, int length, int level, ByteBufferOutput out) {
        int bound = (int) Zstd.compressBound(length);
        ByteBuffer buffer = out.ensure(bound);
        long written = Zstd.compressByteArray(
                buffer.array(), buffer.arrayOffset() + buffer.position(), bound, src, offset, length, level);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
        }
        buffer.position(buffer.position() + (int) written);
    }

    @Override
    byte[] decompressUnchecked(ByteBuffer src, int maxBytes) throws IOException {
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(array(src)))) {
            return GzipCodec.readBounded(in, maxBytes);
        }
    }
}
