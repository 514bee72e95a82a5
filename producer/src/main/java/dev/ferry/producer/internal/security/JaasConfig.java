package dev.ferry.producer.internal.security;

import dev.ferry.producer.ConfigException;
import dev.ferry.producer.Password;
import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One login module entry of a {@code sasl.jaas.config} value, parsed with kafka-clients' tokenizer
 * rules: {@code <LoginModuleClass> <ControlFlag> (<option>=<value>)*;} where values are words or
 * double-quoted strings (with backslash escapes) and Java-style comments are skipped.
 *
 * <p>Option values are secrets: {@link #toString()} lists option names only, and parse errors name
 * the position and the option, never a value.
 */
public record JaasConfig(String loginModule, String controlFlag, Map<String, String> options) {
    private static final Set<String> CONTROL_FLAGS = Set.of("required", "requisite", "sufficient", "optional");

    public JaasConfig {
        options = Map.copyOf(options);
    }

    /**
     * Parses a value holding exactly one login module entry.
     *
     * @param key the configuration key, for error messages
     * @throws ConfigException naming the key and what is wrong
     */
    public static JaasConfig parse(String key, String text) {
        StreamTokenizer tokenizer = new StreamTokenizer(new StringReader(text));
        tokenizer.slashSlashComments(true);
        tokenizer.slashStarComments(true);
        tokenizer.wordChars('-', '-');
        tokenizer.wordChars('_', '_');
        tokenizer.wordChars('$', '$');
        if (next(tokenizer) == StreamTokenizer.TT_EOF) {
            throw invalid(key, "it is empty; expected '<LoginModule> required <option>=\"<value>\" ...;'");
        }
        JaasConfig entry = parseEntry(key, tokenizer);
        if (next(tokenizer) != StreamTokenizer.TT_EOF) {
            throw invalid(key, "it holds more than one login module entry; a client uses exactly one");
        }
        return entry;
    }

    private static JaasConfig parseEntry(String key, StreamTokenizer tokenizer) {
        if (tokenizer.ttype != StreamTokenizer.TT_WORD && tokenizer.ttype != '"') {
            throw invalid(key, "expected a login module class name at the start");
        }
        String loginModule = tokenizer.sval;
        if (next(tokenizer) != StreamTokenizer.TT_WORD || !CONTROL_FLAGS.contains(tokenizer.sval.toLowerCase(Locale.ROOT))) {
            throw invalid(key, "expected a control flag (required, requisite, sufficient or optional) after " + loginModule);
        }
        String controlFlag = tokenizer.sval.toLowerCase(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        while (next(tokenizer) != ';') {
            if (tokenizer.ttype == StreamTokenizer.TT_EOF) {
                throw invalid(key, "the entry must end with ';'");
            }
            if (tokenizer.ttype != StreamTokenizer.TT_WORD) {
                throw invalid(key, "expected an option name after " + (options.isEmpty() ? "the control flag"
                        : "option " + lastKey(options)));
            }
            String option = tokenizer.sval;
            if (next(tokenizer) != '=') {
                throw invalid(key, "expected '=' after option " + option);
            }
            int type = next(tokenizer);
            if (type != StreamTokenizer.TT_WORD && type != '"') {
                throw invalid(key, "option " + option + " has no value (quote values that are not plain words)");
            }
            options.put(option, tokenizer.sval);
        }
        return new JaasConfig(loginModule, controlFlag, options);
    }

    private static String lastKey(Map<String, String> options) {
        String last = null;
        for (String name : options.keySet()) {
            last = name;
        }
        return last;
    }

    private static int next(StreamTokenizer tokenizer) {
        try {
            return tokenizer.nextToken();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static ConfigException invalid(String key, String problem) {
        return new ConfigException(key, Password.HIDDEN, "is not a valid JAAS login module entry: " + problem);
    }

    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + controlFlag + ", options " + options.keySet() + "]";
    }
}
