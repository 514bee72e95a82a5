package dev.ferry.producer.internal.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Zstandard via zstd-jni: one frame per batch; read as a stream, since Kafka's frames carry no content size. */
final class ZstdCodec extends WholeBatchCodec {
    static final ZstdCodec INSTANCE = new ZstdCodec();
    /**
     * The window for batches larger than it at the levels where zstd uses its double-fast strategy
     * for large inputs (0, the default, and 2 to 4): the window zstd itself takes for 128 KB of input.
     * For a 1 MB batch at these levels zstd sizes its window (up to 2 MB) and match tables for large
     * inputs, and with the batch they do not fit the core's cache: with a 128 KB window from the same
     * to 28 % less time per byte on random letters, JSON events and log lines, for a ratio from 3 %
     * better to 0.8 % worse. Level 1, the negative levels and the slower strategies gained nothing or lost
     * ratio, and keep zstd's own choice, as do batches up to 128 KB (benchmarks/PROFILE.md, session
     * twenty-four).
     */
    private static final int WINDOW_LOG = 17;

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
        byte[] dst = buffer.array();
        int at = buffer.arrayOffset() + buffer.position();
        if (length <= 1 << WINDOW_LOG || !doubleFast(level)) {
            return (int) Zstd.compressByteArray(dst, at, room, src, offset, length, level);
        }
        // a context of its own, as the call above makes one inside: nothing native outlives the batch
        try (ZstdCompressCtx context = new ZstdCompressCtx()) {
            return context.setLevel(level)
                    .setWindowLog(WINDOW_LOG)
                    .compressByteArray(dst, at, room, src, offset, length);
        }
    }

    private static boolean doubleFast(int level) {
        return level == 0 || (level >= 2 && level <= 4);
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
