package dev.ferry.producer.internal.record;

import java.nio.ByteBuffer;

/** UTF-8 length and encoding of a string straight into a buffer, without an intermediate array. */
final class Utf8 {
    private Utf8() {}

    static int encodedLength(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < length
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    // Lone surrogates become '?' like String.getBytes(UTF_8): one byte.
                    bytes += Character.isSurrogate(c) ? 0 : 2;
                }
            }
        }
        return bytes;
    }

    static void write(String s, ByteBuffer out) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out.put((byte) (0xF0 | (cp >> 18)))
                            .put((byte) (0x80 | ((cp >> 12) & 0x3F)))
                            .put((byte) (0x80 | ((cp >> 6) & 0x3F)))
                            .put((byte) (0x80 | (cp & 0x3F)));
                } else {
                    out.put((byte) '?');
                }
            } else {
                out.put((byte) (0xE0 | (c >> 12)))
                        .put((byte) (0x80 | ((c >> 6) & 0x3F)))
                        .put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
