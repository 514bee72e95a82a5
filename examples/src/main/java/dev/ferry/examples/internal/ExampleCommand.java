package dev.ferry.examples.internal;

import java.io.PrintStream;
import java.util.function.Function;

/**
 * The command line every example shares, around what the example does: its own options plus the
 * environment's ({@code --bootstrap-server}, {@code --registry-url}, {@code --config}). A bad
 * command line prints the reason and the usage and exits 2, {@code --help} prints the usage and
 * exits 0, and an exception from the example prints {@code failed:} and exits 1.
 */
public final class ExampleCommand {
    private final String command;
    private final ExampleArgs.Option[] options;

    /** What the example does once its command line is read; returns the exit code. */
    @FunctionalInterface
    public interface Body<S> {
        int run(ExampleArgs options, S settings);
    }

    public ExampleCommand(String command, ExampleArgs.Option... own) {
        this.command = command;
        this.options = new ExampleArgs.Option[own.length + 3];
        System.arraycopy(own, 0, options, 0, own.length);
        options[own.length] = ExampleEnvironment.BOOTSTRAP_SERVER;
        options[own.length + 1] = ExampleEnvironment.REGISTRY_URL;
        options[own.length + 2] = ExampleEnvironment.CONFIG;
    }

    /** Runs an example without options of its own as the command line asks. */
    public int run(String[] args, PrintStream out, Function<ExampleArgs, Integer> body) {
        return run(args, out, options -> null, (options, none) -> body.apply(options));
    }

    /**
     * Runs the example as the command line asks.
     *
     * @param settings reads the example's own option values; a bad one throws {@link UsageException}
     */
    public <S> int run(String[] args, PrintStream out, Function<ExampleArgs, S> settings, Body<S> body) {
        ExampleArgs parsed;
        S read;
        try {
            parsed = ExampleArgs.parse(command, args, options);
            read = settings.apply(parsed);
        } catch (UsageException e) {
            out.println(command + ": " + e.getMessage());
            out.print(ExampleArgs.parse(command, new String[0], options).usage());
            return 2;
        }
        if (parsed.helpRequested()) {
            out.print(parsed.usage());
            return 0;
        }
        try {
            return body.run(parsed, read);
        } catch (RuntimeException e) {
            out.println(command + ": failed: " + e);
            return 1;
        }
    }
}
