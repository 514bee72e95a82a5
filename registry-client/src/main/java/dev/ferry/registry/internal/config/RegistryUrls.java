package dev.ferry.registry.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The {@code schema.registry.url} list: checked entry by entry when set, split into base URLs, a
 * {@code mock://} scope and the first user info when built. A password may hold a comma, so every
 * message shows an entry by itself only when that cannot cut a password in two.
 *
 * @param urls     the base URLs without user info, in failover order
 * @param mockScope the scope of {@code mock://scope}, or null
 * @param userInfo the first URL's {@code user:password}, or null
 */
public record RegistryUrls(List<URI> urls, String mockScope, String userInfo) {
    public static final String KEY = "schema.registry.url";
    private static final String ALLOWED_URL = "allowed: http(s)://host[:port][/path] or mock://scope";

    /**
     * The entries trimmed, each checked.
     *
     * @throws ConfigException naming the key and the entry, its user info hidden
     */
    public static List<String> checked(Collection<String> urls) {
        List<String> cleaned = new ArrayList<>();
        for (String url : urls) {
            String trimmed = url == null ? "" : url.trim();
            if (trimmed.isEmpty()) {
                throw refused(
                        joined(urls),
                        "contains an empty URL, allowed: comma-separated http(s):// URLs or one mock://scope",
                        null);
            }
            parseUrl(trimmed, urls);
            cleaned.add(trimmed);
        }
        return List.copyOf(cleaned);
    }

    /**
     * Splits checked entries into base URLs, mock scope and user info.
     *
     * @throws ConfigException naming the key and the entry, its user info hidden
     */
    public static RegistryUrls of(List<String> urls) {
        List<URI> parsed = new ArrayList<>();
        String mockScope = null;
        String urlUserInfo = null;
        for (String url : urls) {
            URI uri = parseUrl(url, urls);
            if ("mock".equals(uri.getScheme())) {
                if (urls.size() > 1) {
                    throw refused(joined(urls), "a mock:// URL must be the only one", null);
                }
                mockScope = mockScope(uri);
                continue;
            }
            if (uri.getRawUserInfo() != null && urlUserInfo == null) {
                urlUserInfo = decodedUserInfo(uri);
            }
            parsed.add(withoutUserInfo(uri));
        }
        return new RegistryUrls(List.copyOf(parsed), mockScope, urlUserInfo);
    }

    /**
     * The JDK's exception is not chained as it is: its message and input hold the raw URL. It is
     * replaced by one whose input has the user info hidden, or dropped when the entry cannot be
     * shown by itself.
     */
    private static URI parseUrl(String url, Collection<String> all) {
        boolean alone = canShowAlone(url, all);
        String shown = alone ? url : joined(all);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            URISyntaxException redacted = Redaction.withoutUserInfo(e);
            String where = alone && redacted.getIndex() >= 0 ? " at index " + redacted.getIndex() : "";
            throw refused(
                    shown, "is malformed (" + e.getReason() + where + "), " + ALLOWED_URL, alone ? redacted : null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (!(http && uri.getHost() != null) && !(scheme.equals("mock"))) {
            throw refused(shown, "is not supported, " + ALLOWED_URL, null);
        }
        return uri;
    }

    /**
     * The key table's refusal: the value is raw text, whose user info {@link ConfigException} hides
     * (a quote around it would hide with it when no scheme comes before the user info).
     */
    private static ConfigException refused(String shown, String allowed, Throwable cause) {
        ConfigException refused = RegistrySettings.KEYS.refused(KEY, shown, allowed);
        if (cause != null) {
            refused.initCause(cause);
        }
        return refused;
    }

    /**
     * Whether an entry of the list can be shown by itself with its user info hidden: a comma in a
     * password splits the list inside the user info, leaving an entry without its {@code @}.
     */
    private static boolean canShowAlone(String url, Collection<String> all) {
        String shown = Redaction.withoutUserInfo(url);
        if (Redaction.text(shown).equals(Password.HIDDEN)) {
            return false;
        }
        for (String piece : Redaction.withoutUserInfo(joined(all)).split(",", -1)) {
            if (piece.trim().equals(shown)) {
                return true;
            }
        }
        return false;
    }

    private static String mockScope(URI uri) {
        String scope = uri.getAuthority() != null ? uri.getAuthority() : uri.getSchemeSpecificPart();
        scope = scope == null ? "" : scope.replaceFirst("^//", "");
        if (scope.isEmpty()) {
            throw refused(uri.toString(), "has no scope, allowed: mock://<scope name>", null);
        }
        return scope;
    }

    private static String decodedUserInfo(URI uri) {
        String info = uri.getUserInfo();
        if (info.indexOf(':') < 1) {
            throw refused(
                    uri.toString(),
                    "has user info without 'user:password' form, allowed: http(s)://user:password@host",
                    null);
        }
        return info;
    }

    private static URI withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        // From parts of a URI that parsed, without its user info: the JDK accepts it again.
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path);
    }

    private static String joined(Collection<String> urls) {
        return String.join(
                ",", urls.stream().map(url -> url == null ? "null" : url).toList());
    }
}
