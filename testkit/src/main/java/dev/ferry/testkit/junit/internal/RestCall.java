package dev.ferry.testkit.junit.internal;

import dev.ferry.testkit.junit.RegistryEndpoint;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request to the registry, decoded: method, path segments, query, body, and which endpoint it is. */
public record RestCall(String method, List<String> segments, Map<String, String> query, String body) {

    public RestCall {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
    }

    /** Decodes a request line's URL ({@code /subjects/orders-value/versions?normalize=true}). */
    public static RestCall of(String method, String url, String body) {
        URI uri = URI.create(url);
        List<String> segments = new ArrayList<>();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new RestCall(method.toUpperCase(java.util.Locale.ROOT), segments, query, body);
    }

    private static String decode(String raw) {
        // In a path '+' is a plus sign, not a space.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String segment(int index) {
        return segments.get(index);
    }

    public int segmentCount() {
        return segments.size();
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    /** The subject this call concerns, or {@code null}. */
    public String subject() {
        if (segments.size() >= 2
                && (segments.get(0).equals("subjects")
                        || segments.get(0).equals("config")
                        || segments.get(0).equals("mode"))) {
            return segments.get(1);
        }
        if (segments.size() >= 3
                && segments.get(0).equals("compatibility")
                && segments.get(1).equals("subjects")) {
            return segments.get(2);
        }
        return null;
    }

    public String display() {
        return method + " /" + String.join("/", segments);
    }

    /** Which endpoint this call is. */
    public RegistryEndpoint endpoint() {
        int n = segments.size();
        String root = n == 0 ? "" : segments.get(0);
        switch (root) {
            case "subjects":
                if (n == 1 && method.equals("GET")) {
                    return RegistryEndpoint.SUBJECTS;
                }
                if (n == 2) {
                    return method.equals("POST")
                            ? RegistryEndpoint.LOOKUP
                            : method.equals("DELETE") ? RegistryEndpoint.DELETE_SUBJECT : RegistryEndpoint.UNKNOWN;
                }
                if (n == 3 && segments.get(2).equals("versions")) {
                    return method.equals("POST")
                            ? RegistryEndpoint.REGISTER
                            : method.equals("GET") ? RegistryEndpoint.VERSIONS : RegistryEndpoint.UNKNOWN;
                }
                if (n == 4 && segments.get(2).equals("versions")) {
                    if (method.equals("DELETE")) {
                        return RegistryEndpoint.DELETE_VERSION;
                    }
                    if (method.equals("GET")) {
                        return segments.get(3).equals("latest") ? RegistryEndpoint.LATEST : RegistryEndpoint.VERSION;
                    }
                }
                return RegistryEndpoint.UNKNOWN;
            case "schemas":
                if (n == 3 && method.equals("GET") && segments.get(1).equals("ids")) {
                    return RegistryEndpoint.SCHEMA_BY_ID;
                }
                return n == 3 && method.equals("GET") && segments.get(1).equals("guids")
                        ? RegistryEndpoint.SCHEMA_BY_GUID
                        : RegistryEndpoint.UNKNOWN;
            case "compatibility":
                return (n == 4 || n == 5)
                                && segments.get(1).equals("subjects")
                                && segments.get(3).equals("versions")
                                && method.equals("POST")
                        ? RegistryEndpoint.COMPATIBILITY_CHECK
                        : RegistryEndpoint.UNKNOWN;
            case "config":
            case "mode":
                if (n > 2) {
                    return RegistryEndpoint.UNKNOWN;
                }
                boolean config = root.equals("config");
                return switch (method) {
                    case "GET" -> config ? RegistryEndpoint.GET_CONFIG : RegistryEndpoint.GET_MODE;
                    case "PUT" -> config ? RegistryEndpoint.PUT_CONFIG : RegistryEndpoint.PUT_MODE;
                    case "DELETE" -> config && n == 2 ? RegistryEndpoint.DELETE_CONFIG : RegistryEndpoint.UNKNOWN;
                    default -> RegistryEndpoint.UNKNOWN;
                };
            default:
                return RegistryEndpoint.UNKNOWN;
        }
    }
}
