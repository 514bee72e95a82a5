package dev.ferry.producer.internal.protocol;

import java.nio.ByteBuffer;

/** What a broker reads of a {@link ProtocolWriter}'s frame: one buffer positioned after the int32 size prefix. */
public final class Payloads {
    private static final int FRAME_SIZE_BYTES = 4;

    private Payloads() {}

    /** Finishes the writer's frame and copies it into one buffer. */
    public static ByteBuffer of(ProtocolWriter writer) {
        ByteBuffer[] frame = writer.toFrame();
        int total = 0;
        for (ByteBuffer b : frame) {
            total += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (ByteBuffer b : frame) {
            out.put(b.duplicate());
        }
        out.flip();
        out.position(FRAME_SIZE_BYTES);
        return out;
    }
}
