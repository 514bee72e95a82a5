package dev.ferry.registry.internal.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One REST call relative to a registry base URL: method, path segments (unencoded), query and an
 * optional JSON body.
 */
public record RestRequest(String method, List<String> segments, Map<String, String> query, String body) {

    public RestRequest {
        Objects.requireNonNull(method, "method");
        segments = List.copyOf(segments);
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    public static RestRequest get(String... segments) {
        return new RestRequest("GET", List.of(segments), Map.of(), null);
    }

    public static RestRequest delete(String... segments) {
        return new RestRequest("DELETE", List.of(segments), Map.of(), null);
    }

    public static RestRequest post(String body, String... segments) {
        return new RestRequest("POST", List.of(segments), Map.of(), Objects.requireNonNull(body, "body"));
    }

    public static RestRequest put(String body, String... segments) {
        return new RestRequest("PUT", List.of(segments), Map.of(), Objects.requireNonNull(body, "body"));
    }

    /** This request with one more query parameter. */
    public RestRequest query(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(query);
        more.put(name, value);
        return new RestRequest(method, segments, more, body);
    }

    /** This request with {@code name=true} when {@code set}: the registry's switches are off when absent. */
    public RestRequest flag(String name, boolean set) {
        return set ? query(name, "true") : this;
    }

    /** Method and path as shown in errors and logs, for example {@code GET /subjects/a/versions}. */
    public String display() {
        StringBuilder text = new StringBuilder(method).append(' ');
        for (String segment : segments) {
            text.append('/').append(segment);
        }
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            text.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
            separator = '&';
        }
        return text.toString();
    }
}
