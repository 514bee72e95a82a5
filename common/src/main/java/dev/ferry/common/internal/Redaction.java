package dev.ferry.common.internal;

import dev.ferry.common.Password;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one way Ferry turns a configured value into text for an exception, a log line or a
 * {@code toString()}: the producer, the registry client, {@link dev.ferry.common.ConfigException}
 * and the examples all use it. Values of secret keys (flagged so in the key tables, or named like a
 * secret when no table declares them) and {@link Password}s are never shown. Other
 * values are shown with the user info of any URL in them hidden, unless their form suggests an
 * embedded secret ({@code =} of a {@code password=...} option, a double quote, a private key,
 * control characters, great length) or they are not plain values at all (an object's
 * {@code toString()} may print its fields): those are hidden whole.
 */
public final class Redaction {
    private static final String[] SECRET_MARKERS = {"password", "secret", "token", "user.info", "jaas", "private"};
    private static final String REQUEST_HEADER_PREFIX = "request.header.";
    private static final int MAX_SHOWN_LENGTH = 1000;

    private Redaction() {}

    /**
     * Whether a key's value is a secret. A key a Ferry component declares is what its key table's row
     * says (see {@link KeyOwners#tables()}); any other key (a plugin's, a pass-through one) by its
     * name, as {@link #looksSecret} tells.
     */
    public static boolean isSecretKey(String key) {
        for (ConfigTable<?> table : KeyOwners.tables()) {
            if (table.knows(key)) {
                return table.isSecret(key);
            }
        }
        return looksSecret(key);
    }

    /**
     * Whether a key's name marks a secret (passwords, secrets, tokens, user info, JAAS, private keys,
     * {@code *.key}, request headers): the rule for keys no key table declares.
     */
    public static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".key") || lower.startsWith(REQUEST_HEADER_PREFIX)) {
            return true;
        }
        for (String marker : SECRET_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** A value of {@code key} as it may be shown: hidden for a secret key, else as {@link #value(Object)}. */
    public static String value(String key, Object value) {
        return value != null && isSecretKey(key) ? Password.HIDDEN : value(value);
    }

    /**
     * A value as it may be shown: text per {@link #text}, numbers and booleans as they are, lists
     * item by item (see {@link #entryOf}), other objects by type.
     */
    public static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>
                || value instanceof Password) {
            return value.toString();
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Collection<?> items) {
            List<String> texts = items.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
            return items.stream()
                    .map(item -> item instanceof String text ? text(entryOf(text, texts)) : value(item))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return "(a " + value.getClass().getSimpleName() + ")";
    }

    /**
     * A value for a message that quotes text: text in single quotes (user info hidden) unless it
     * looks like it holds a secret, lists item by item, anything else as {@link #value(Object)}.
     */
    public static String quoted(Object value) {
        if (value instanceof String text) {
            String shown = text(text);
            return shown.equals(Password.HIDDEN) ? Password.HIDDEN : "'" + shown + "'";
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(Redaction::quoted).collect(Collectors.joining(", ", "[", "]"));
        }
        return value(value);
    }

    /** Free text from the user (an address, a path, a name) as it may be shown; see the class comment. */
    public static String text(String text) {
        if (text.length() > MAX_SHOWN_LENGTH) {
            return Password.HIDDEN;
        }
        String shown = withoutUserInfo(text);
        if (shown.contains("\"")
                || shown.contains("=")
                || shown.contains("PRIVATE KEY")
                || shown.codePoints().anyMatch(Redaction::isInvisible)) {
            return Password.HIDDEN;
        }
        return shown;
    }

    /**
     * An entry of a comma-separated list as it may be shown: by itself when its user info is hidden
     * the same way within the whole list, else the whole list. A comma in a password splits the list
     * inside the user info, leaving an entry that holds part of the password but not its {@code @}.
     */
    public static String entryOf(String entry, Collection<String> list) {
        String shown = withoutUserInfo(entry);
        for (String piece : withoutUserInfo(String.join(",", list)).split(",", -1)) {
            if (piece.trim().equals(shown.trim())) {
                return entry;
            }
        }
        return String.join(",", list);
    }

    /**
     * Hides the user info of every URL in the text: from a scheme's {@code //} (or the start of the
     * text when no scheme comes before) up to each {@code @}. A password may hold {@code /},
     * {@code @}, {@code #} or a comma that splits a URL list, so no URL syntax is trusted here.
     */
    public static String withoutUserInfo(String text) {
        Deque<String> parts = new ArrayDeque<>();
        int end = text.length();
        for (int at = text.lastIndexOf('@', end - 1); at >= 0; at = text.lastIndexOf('@', end - 1)) {
            parts.addFirst(text.substring(at, end));
            parts.addFirst(Password.HIDDEN);
            int[] scheme = lastSchemeBefore(text, at);
            if (scheme == null) {
                return String.join("", parts);
            }
            parts.addFirst(text.substring(scheme[0], scheme[1]));
            end = scheme[0];
        }
        parts.addFirst(text.substring(0, end));
        return String.join("", parts);
    }

    /**
     * The JDK's exception for a malformed URL, with its input's user info hidden and its index moved
     * to match; the reason is kept. The original is not chained: its input is the raw URL.
     */
    public static URISyntaxException withoutUserInfo(URISyntaxException e) {
        String input = e.getInput();
        String shown = withoutUserInfo(input);
        int index = e.getIndex();
        int at = input.lastIndexOf('@');
        if (at >= 0 && index >= 0) {
            int hiddenEnd = shown.length() - (input.length() - at);
            int[] scheme = lastSchemeBefore(input, at);
            int userInfoStart = scheme == null ? 0 : scheme[1];
            boolean prefixUnchanged = shown.startsWith(input.substring(0, userInfoStart));
            if (index >= at) {
                index = shown.length() - (input.length() - index);
            } else if (index >= userInfoStart || !prefixUnchanged) {
                index = hiddenEnd - Password.HIDDEN.length();
            }
        }
        return new URISyntaxException(shown, e.getReason(), index);
    }

    /**
     * Start and end of the last {@code scheme://} before {@code end}, or null. Found by walking back
     * from each {@code ://}: a regex scanning forward is quadratic on a long run of letters.
     */
    private static int[] lastSchemeBefore(String text, int end) {
        for (int separator = text.lastIndexOf("://", end - 3);
                separator > 0;
                separator = text.lastIndexOf("://", separator - 1)) {
            int start = separator;
            while (start > 0 && isSchemeChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < separator && !isAsciiLetter(text.charAt(start))) {
                start++;
            }
            if (start < separator) {
                return new int[] {start, separator + 3};
            }
        }
        return null;
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isInvisible(int c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029';
    }
}
