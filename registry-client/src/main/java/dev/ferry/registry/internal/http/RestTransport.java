package dev.ferry.registry.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.common.internal.Backoff;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link RestRequest}s to the registry: fails over across the configured URLs, retries
 * retriable failures with backoff, adds credentials and headers, and turns every failure into a
 * {@link SchemaRegistryException}. Thread-safe.
 */
public final class RestTransport implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final MediaType JSON = MediaType.get(CONTENT_TYPE);
    private static final Logger LOG = LoggerFactory.getLogger(RestTransport.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SNIPPET_LENGTH = 200;

    /** Waits between attempts; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final List<HttpUrl> baseUrls;
    private final OkHttpClient http;
    private final String authorization;
    private final Map<String, String> headers;
    private final int maxRetries;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final CertificateRequests certificateRequests = new CertificateRequests();
    /** Index of the URL that answered last; requests start there. */
    private final AtomicInteger preferredUrl = new AtomicInteger();

    public RestTransport(SchemaRegistryConfig config) {
        this(config, duration -> TimeUnit.MILLISECONDS.sleep(duration.toMillis()), () -> ThreadLocalRandom.current()
                .nextDouble());
    }

    public RestTransport(SchemaRegistryConfig config, Sleeper sleeper, DoubleSupplier random) {
        this.baseUrls = config.urls().stream().map(RestTransport::httpUrl).toList();
        this.http = TlsSetup.apply(config, new OkHttpClient.Builder(), certificateRequests)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .retryOnConnectionFailure(false)
                .build();
        this.authorization = authorization(config);
        this.headers = config.requestHeaders();
        this.maxRetries = config.maxRetries();
        this.backoff =
                new Backoff(config.retryWait().toMillis(), config.retryMaxWait().toMillis(), Backoff.JITTER, random);
        this.sleeper = sleeper;
    }

    private static HttpUrl httpUrl(URI uri) {
        return HttpUrl.get(uri.toString());
    }

    private static String authorization(SchemaRegistryConfig config) {
        if (config.bearerToken().isPresent()) {
            return "Bearer " + config.bearerToken().get();
        }
        return config.basicAuthUserInfo()
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
    }

    /**
     * Sends a request and returns the parsed JSON answer.
     *
     * @throws SchemaRegistryException on an error answer, an unreadable answer, or when every
     *                                 attempt on every URL failed retriably
     */
    public JsonNode send(RestRequest request) {
        RetriableFailure last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                waitBeforeRetry(request, attempt - 1, last);
            }
            int first = preferredUrl.get();
            for (int i = 0; i < baseUrls.size(); i++) {
                int index = (first + i) % baseUrls.size();
                try {
                    JsonNode answer = sendOnce(baseUrls.get(index), request);
                    preferredUrl.set(index);
                    return answer;
                } catch (RetriableFailure failure) {
                    last = failure;
                    LOG.debug(
                            "Schema registry {} on {} failed retriably: {}",
                            request.display(),
                            baseUrls.get(index),
                            failure.exception.getMessage());
                }
            }
        }
        SchemaRegistryException cause = last.exception;
        int attempts = (maxRetries + 1) * baseUrls.size();
        throw new SchemaRegistryException(
                cause.request(),
                cause.url(),
                cause.httpStatus(),
                cause.errorCode(),
                cause.serverMessage(),
                attempts,
                cause);
    }

    private void waitBeforeRetry(RestRequest request, int retry, RetriableFailure last) {
        Duration delay = backoff.delay(retry, last.retryAfter);
        LOG.debug(
                "Schema registry {}: retry {} of {} in {} ms",
                request.display(),
                retry + 1,
                maxRetries,
                delay.toMillis());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(request.display(), 0, -1, "interrupted while waiting to retry", e);
        }
    }

    private JsonNode sendOnce(HttpUrl base, RestRequest request) {
        Request httpRequest = httpRequest(base, request);
        try (Response response = http.newCall(httpRequest).execute()) {
            return handleResponse(base, request, response);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SchemaRegistryException(request.display(), 0, -1, "interrupted", e);
            }
            throw new RetriableFailure(
                    new SchemaRegistryException(
                            request.display(), 0, -1, "timed out on " + base + ": " + e.getMessage(), e),
                    null);
        } catch (IOException e) {
            throw new RetriableFailure(
                    new SchemaRegistryException(
                            request.display(), 0, -1, "I/O error on " + base + ": " + e + refusalHint(), e),
                    null);
        }
    }

    /** Why a connection failed, when the registry asked for the client certificate this client has not. */
    private String refusalHint() {
        if (!certificateRequests.seen()) {
            return "";
        }
        return "; the registry asked for a client certificate and none is configured ("
                + SchemaRegistryConfig.SSL_KEYSTORE_LOCATION + ", or "
                + SchemaRegistryConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN
                + " and " + SchemaRegistryConfig.SSL_KEYSTORE_KEY
                + "): a registry requiring mutual TLS refuses the connection";
    }

    private Request httpRequest(HttpUrl base, RestRequest request) {
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : request.segments()) {
            url.addPathSegment(segment);
        }
        request.query().forEach(url::addQueryParameter);
        Request.Builder builder = new Request.Builder().url(url.build()).header("Accept", ACCEPT);
        headers.forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        RequestBody body = request.body() == null
                ? null
                : RequestBody.create(request.body().getBytes(StandardCharsets.UTF_8), JSON);
        return builder.method(request.method(), body).build();
    }

    private static JsonNode handleResponse(HttpUrl base, RestRequest request, Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body.string();
        int status = response.code();
        String url = display(base);
        if (status >= 200 && status < 300) {
            return parseSuccess(request, url, status, text);
        }
        SchemaRegistryException error = errorAnswer(request, url, status, response.header("Content-Type"), text);
        if (!error.isRetriable()) {
            throw error;
        }
        throw new RetriableFailure(error, retryAfter(response.header("Retry-After")));
    }

    /** Which registry answered, for messages: scheme, host, port and path, never user info. */
    private static String display(HttpUrl base) {
        return base.scheme() + "://" + base.host() + ":" + base.port() + base.encodedPath();
    }

    private static JsonNode parseSuccess(RestRequest request, String url, int status, String text) {
        if (text.isBlank()) {
            throw new SchemaRegistryException(request.display(), url, status, -1, "empty response body", 1, null);
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(
                    request.display(), url, status, -1, "malformed JSON response: " + snippet(text), 1, e);
        }
    }

    private static SchemaRegistryException errorAnswer(
            RestRequest request, String url, int status, String contentType, String text) {
        try {
            JsonNode json = text.isBlank() ? null : MAPPER.readTree(text);
            if (json != null && json.isObject() && (json.has("error_code") || json.has("message"))) {
                int code =
                        json.path("error_code").isInt() ? json.get("error_code").asInt() : -1;
                return new SchemaRegistryException(
                        request.display(),
                        url,
                        status,
                        code,
                        json.path("message").asText(""),
                        1,
                        null);
            }
        } catch (JsonProcessingException e) {
            // Not JSON: a proxy's or load balancer's page; described below.
        }
        String description = text.isBlank()
                ? "empty error body"
                : "non-JSON error body (" + (contentType == null ? "no content type" : contentType) + "): "
                        + snippet(text);
        return new SchemaRegistryException(request.display(), url, status, -1, description, 1, null);
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String snippet(String text) {
        String flat = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH) + "...";
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** A failure worth another attempt, on another URL or after a wait ({@code Retry-After} if given). */
    private static final class RetriableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SchemaRegistryException exception;
        final transient Duration retryAfter;

        RetriableFailure(SchemaRegistryException exception, Duration retryAfter) {
            super(null, null, false, false);
            this.exception = exception;
            this.retryAfter = retryAfter;
        }
    }
}
