package dev.ferry.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple writes (configured to System.err in simplelogger.properties, which it
 * resolves at each write) while open, and passes it on when closed. In common's test jar so that
 * every module's tests capture logs the same way.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public String text() {
        System.err.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(text());
    }
}
