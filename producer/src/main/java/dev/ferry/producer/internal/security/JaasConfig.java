package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One login module entry of a {@code sasl.jaas.config} value, parsed with kafka-clients' tokenizer
 * rules: {@code <LoginModuleClass> <ControlFlag> (<option>=<value>)*;} where values are words or
 * double-quoted strings (with backslash escapes) and Java-style comments are skipped.
 *
 * <p>Any token of the line may be a secret: a password pasted without {@code password=}, or quoted
 * where the login module belongs. So parse errors name the position and what was expected, options
 * only by the names Ferry reads and otherwise by number, and never a value; the login module is
 * shown only by {@link #shownLoginModule()}. {@link #toString()} follows the same rules.
 *
 * @param loginModuleQuoted whether the line gave the login module as a quoted string
 */
public record JaasConfig(
        String loginModule, boolean loginModuleQuoted, String controlFlag, Map<String, String> options) {
    private static final Set<String> CONTROL_FLAGS = Set.of("required", "requisite", "sufficient", "optional");
    private static final Set<String> KNOWN_OPTIONS = Set.of("username", "password", "tokenauth");
    private static final Set<String> KNOWN_LOGIN_MODULES = Set.of(
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            "org.apache.kafka.common.security.scram.ScramLoginModule",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
            "com.sun.security.auth.module.Krb5LoginModule");
    private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern LOGIN_MODULE_CLASS =
            Pattern.compile("(" + IDENTIFIER + "\\.)+" + IDENTIFIER + "LoginModule");

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
        boolean quoted = tokenizer.ttype == '"';
        if (next(tokenizer) != StreamTokenizer.TT_WORD
                || !CONTROL_FLAGS.contains(tokenizer.sval.toLowerCase(Locale.ROOT))) {
            throw invalid(
                    key,
                    "expected a control flag (required, requisite, sufficient or optional) after the login module");
        }
        String controlFlag = tokenizer.sval.toLowerCase(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        while (next(tokenizer) != ';') {
            if (tokenizer.ttype == StreamTokenizer.TT_EOF) {
                throw invalid(key, "the entry must end with ';'");
            }
            if (tokenizer.ttype != StreamTokenizer.TT_WORD) {
                throw invalid(
                        key,
                        "expected an option name after "
                                + (options.isEmpty()
                                        ? "the control flag"
                                        : optionLabel(lastKey(options), options.size())));
            }
            String option = tokenizer.sval;
            String label = optionLabel(option, options.size() + 1);
            if (next(tokenizer) != '=') {
                throw invalid(key, "expected '=' after " + label);
            }
            int type = next(tokenizer);
            if (type != StreamTokenizer.TT_WORD && type != '"') {
                throw invalid(key, label + " has no value (quote values that are not plain words)");
            }
            options.put(option, tokenizer.sval);
        }
        return new JaasConfig(loginModule, quoted, controlFlag, options);
    }

    /**
     * The login module's name when it cannot be a secret: a module Kafka knows, or an unquoted Java
     * class name ending in {@code LoginModule}; empty otherwise.
     */
    public Optional<String> shownLoginModule() {
        boolean plainClassName =
                !loginModuleQuoted && LOGIN_MODULE_CLASS.matcher(loginModule).matches();
        return KNOWN_LOGIN_MODULES.contains(loginModule) || plainClassName
                ? Optional.of(loginModule)
                : Optional.empty();
    }

    /** An option by the name Ferry reads, else by its position: an unknown word may be a pasted password. */
    private static String optionLabel(String option, int position) {
        return KNOWN_OPTIONS.contains(option) ? "option " + option : "option " + position;
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
        List<String> names = new ArrayList<>();
        int position = 0;
        for (String option : options.keySet()) {
            names.add(optionLabel(option, ++position).substring("option ".length()));
        }
        return "JaasConfig[" + shownLoginModule().orElse("(login module not shown)") + " " + controlFlag + ", options "
                + names + "]";
    }
}
