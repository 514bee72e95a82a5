package dev.ferry.examples.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of an example: {@code --name value} or {@code --name=value} options from a fixed
 * set, and {@code --help}. Anything else is a {@link UsageException} naming the argument.
 */
public final class ExampleArgs {
    private final String command;
    private final Map<String, Option> options;
    private final Map<String, String> values;
    private final boolean help;

    /** One option: its name without dashes, the placeholder of its value and what it does. */
    public record Option(String name, String placeholder, String description) {}

    private ExampleArgs(String command, Map<String, Option> options, Map<String, String> values, boolean help) {
        this.command = command;
        this.options = options;
        this.values = values;
        this.help = help;
    }

    public static ExampleArgs parse(String command, String[] args, Option... known) {
        Map<String, Option> options = new LinkedHashMap<>();
        for (Option option : known) {
            options.put(option.name(), option);
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': options start with --");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!options.containsKey(name)) {
                throw new UsageException("unknown option --" + name);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + name + " needs a value: --" + name + " "
                        + options.get(name).placeholder());
            }
            values.put(name, value);
        }
        return new ExampleArgs(command, options, values, help);
    }

    public boolean helpRequested() {
        return help;
    }

    public Optional<String> value(String name) {
        requireKnown(name);
        return Optional.ofNullable(values.get(name));
    }

    /** A whole number from {@code min} up, or {@code defaultValue} when the option is absent. */
    public int intValue(String name, int defaultValue, int min) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(text.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, was '" + text.get() + "'");
        }
        if (parsed < min) {
            throw new UsageException("--" + name + " must be at least " + min + ", was " + parsed);
        }
        return parsed;
    }

    public String usage() {
        StringBuilder usage = new StringBuilder("usage: ").append(command).append(" [options]\n");
        for (Option option : options.values()) {
            usage.append(
                    String.format("  --%-34s %s%n", option.name() + " " + option.placeholder(), option.description()));
        }
        usage.append(String.format("  --%-34s %s%n", "help", "print this help"));
        return usage.toString();
    }

    private void requireKnown(String name) {
        if (!options.containsKey(name)) {
            throw new IllegalArgumentException("option --" + name + " was not declared for " + command);
        }
    }
}
