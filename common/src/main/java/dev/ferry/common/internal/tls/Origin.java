package dev.ferry.common.internal.tls;

import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;

/**
 * Where a piece of PEM text came from, for messages: the key and, for a file, its path. Inline PEM
 * is a secret (it may hold a key), so only its key is named.
 *
 * @param value the file's path, or {@link Password} for inline text
 */
record Origin(String key, Object value) {

    static Origin file(String key, String location) {
        return new Origin(key, location);
    }

    static Origin inline(String key, Password text) {
        return new Origin(key, text);
    }

    TlsConfigException error(String reason) {
        return new TlsConfigException(key, value, reason);
    }

    /** The key, and the file when there is one, e.g. {@code ssl.keystore.location '/etc/client.pem'}. */
    String describe() {
        return value instanceof String location ? key + " " + Redaction.quoted(location) : key;
    }
}
