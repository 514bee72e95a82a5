package dev.ferry.producer.internal.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip from the JDK, as Kafka writes it (a single gzip member, level settable). */
final class GzipCodec extends WholeBatchCodec {
    static final GzipCodec INSTANCE = new GzipCodec();

    private GzipCodec() {}

    @Override
    void compress(byte[] src, int offset, int length, int level, ByteBufferOutput out) {
        try (GZIPOutputStream gzip = new LeveledGzipOutputStream(out, level)) {
            gzip.write(src, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip compression into memory failed", e);
        }
    }

    @Override
    byte[] decompressUnchecked(ByteBuffer src, int maxBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(array(src)), 8192)) {
            return readBounded(in, maxBytes);
        }
    }

    static byte[] readBounded(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(ByteBufferOutput out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
