package dev.ferry.examples.internal;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, redrawn in place five times a second, for terminals only: when the
 * output goes to a file or a pipe it draws nothing, so logs get plain lines.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.start(System.out, "avro      sending", records, acked::get);
 * try {
 *     ...
 * } finally {
 *     bar.close();
 * }
 * }</pre>
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final Thread painter;
    private int lastLength;

    private ProgressBar(PrintStream out, String label, long total, LongSupplier done) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.done = done;
        this.painter = new Thread(this::paintUntilInterrupted, "ferry-progress");
        painter.setDaemon(true);
    }

    /** Draws on {@code out} while open, if {@code out} is the terminal; otherwise does nothing. */
    public static ProgressBar start(PrintStream out, String label, long total, LongSupplier done) {
        ProgressBar bar = new ProgressBar(out, label, total, done);
        if (out == System.out && interactive()) {
            bar.painter.start();
        }
        return bar;
    }

    /** Whether standard output is a terminal a person watches. */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Since Java 22 System.console() exists even when redirected; isTerminal() tells the two apart.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private void paintUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                paint();
                TimeUnit.MILLISECONDS.sleep(REDRAW_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void paint() {
        long current = Math.min(done.getAsLong(), total);
        int filled = total == 0 ? WIDTH : (int) (WIDTH * current / total);
        String line = String.format(
                "\r  %s [%s%s] %3d%% %,d/%,d",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                total == 0 ? 100 : 100 * current / total,
                current,
                total);
        out.print(line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Stops drawing and clears the bar's line, so the caller's next line starts clean. */
    @Override
    public void close() {
        if (!painter.isAlive()) {
            return;
        }
        painter.interrupt();
        try {
            painter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
        }
    }
}
