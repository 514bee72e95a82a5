package dev.ferry.registry;

import dev.ferry.common.FerryException;
import java.util.Objects;

/**
 * Every failure of a registry call: an error answer of the registry, an unreadable answer, or an
 * I/O failure after the configured retries. Like every Ferry exception it is a
 * {@link FerryException}.
 *
 * <p>It carries the HTTP status ({@code 0} when no answer arrived), the Confluent
 * {@code error_code} ({@code -1} when the answer had none), the server's message and the request
 * (method and path, for example {@code POST /subjects/orders-value/versions}). It never carries
 * credentials: neither the URL's user info nor any header appears in it.
 *
 * <pre>{@code
 * try {
 *     client.register("orders-value", schema, false);
 * } catch (SchemaRegistryException e) {
 *     if (e.isIncompatible()) { ... }       // 409 with error_code 409 (old servers) or 40901
 *     else if (e.isRetriable()) { ... }     // 408, 429, 5xx, I/O: try again later
 *     else throw e;
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public class SchemaRegistryException extends FerryException {

    private static final long serialVersionUID = 1L;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema (id) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Subject was soft-deleted. */
    public static final int SUBJECT_SOFT_DELETED = 40404;
    /** Subject must be soft-deleted before a permanent delete. */
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    /** Version was soft-deleted. */
    public static final int VERSION_SOFT_DELETED = 40406;
    /** Version must be soft-deleted before a permanent delete. */
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    /** No compatibility level set on the subject (asked with {@code defaultToGlobal=false}). */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** No mode set on the subject. */
    public static final int SUBJECT_MODE_NOT_CONFIGURED = 40409;
    /** Incompatible schema, as older servers spell it. */
    public static final int INCOMPATIBLE_SCHEMA_LEGACY = 409;
    /** Incompatible schema, as newer servers spell it. */
    public static final int INCOMPATIBLE_SCHEMA = 40901;
    /** Invalid schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Invalid version. */
    public static final int INVALID_VERSION = 42202;
    /** Invalid compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Invalid mode. */
    public static final int INVALID_MODE = 42204;
    /** Operation not permitted (for example registering in read-only mode). */
    public static final int OPERATION_NOT_PERMITTED = 42205;
    /** The schema is still referenced by another one. */
    public static final int REFERENCE_EXISTS = 42206;
    /** Error in the backend data store. */
    public static final int STORE_ERROR = 50001;
    /** Operation timed out inside the registry. */
    public static final int OPERATION_TIMEOUT = 50002;
    /** Error while forwarding the request to the leader. */
    public static final int FORWARDING_ERROR = 50003;

    private final String request;
    private final int httpStatus;
    private final int errorCode;
    private final String serverMessage;
    private final int attempts;
    private final String url;

    /**
     * @param request       method and path, for example {@code GET /schemas/ids/7}; never with credentials
     * @param httpStatus    HTTP status, or {@code 0} when no answer arrived
     * @param errorCode     Confluent {@code error_code}, or {@code -1} when there was none
     * @param serverMessage the server's message, or a description of what went wrong locally
     * @param cause         the underlying failure, or {@code null}
     */
    public SchemaRegistryException(
            String request, int httpStatus, int errorCode, String serverMessage, Throwable cause) {
        this(request, httpStatus, errorCode, serverMessage, 1, cause);
    }

    /**
     * @param attempts how many attempts (retries and failovers included) ended in this failure
     */
    public SchemaRegistryException(
            String request, int httpStatus, int errorCode, String serverMessage, int attempts, Throwable cause) {
        this(request, null, httpStatus, errorCode, serverMessage, attempts, cause);
    }

    /**
     * @param url the registry that answered, without credentials, or {@code null} when none did or
     *            it is not known (an in-memory registry)
     */
    public SchemaRegistryException(
            String request,
            String url,
            int httpStatus,
            int errorCode,
            String serverMessage,
            int attempts,
            Throwable cause) {
        super(
                describe(request, httpStatus, errorCode, serverMessage)
                        + (url == null ? "" : " (from " + url + ")")
                        + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : ""),
                cause);
        this.request = Objects.requireNonNull(request, "request");
        this.url = url;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage == null ? "" : serverMessage;
        this.attempts = attempts;
    }

    /** The registry that answered with this error, without credentials; null when no answer came or it is in memory. */
    public String url() {
        return url;
    }

    private static String describe(String request, int httpStatus, int errorCode, String serverMessage) {
        StringBuilder text =
                new StringBuilder("Schema registry ").append(request).append(" failed: ");
        text.append(httpStatus == 0 ? "no response" : "HTTP " + httpStatus);
        if (errorCode != -1) {
            text.append(", error_code ").append(errorCode);
        }
        if (serverMessage != null && !serverMessage.isEmpty()) {
            text.append(": ").append(serverMessage);
        }
        return text.toString();
    }

    /** Method and path of the failed request, for example {@code GET /schemas/ids/7}. */
    public String request() {
        return request;
    }

    /** HTTP status of the answer, or {@code 0} when none arrived (I/O error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} of the answer, or {@code -1} when it had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The server's message (or a local description when the answer was unreadable); never null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** How many attempts (retries and failovers to other URLs included) ended in this failure. */
    public int attempts() {
        return attempts;
    }

    /** The schema is incompatible with earlier versions: 409 with error code 409 or 40901. */
    public boolean isIncompatible() {
        return errorCode == INCOMPATIBLE_SCHEMA
                || errorCode == INCOMPATIBLE_SCHEMA_LEGACY
                || (httpStatus == 409 && errorCode == -1);
    }

    /** The subject, version, schema or configuration asked for does not exist (HTTP 404, 404xx). */
    public boolean isNotFound() {
        return httpStatus == 404 || (errorCode >= 40400 && errorCode <= 40499);
    }

    /** The registry rejected the schema text or its references (error code 42201). */
    public boolean isInvalidSchema() {
        return errorCode == INVALID_SCHEMA;
    }

    /**
     * Whether the same request may succeed later. One place decides, for the client's own retries
     * and for callers.
     */
    public boolean isRetriable() {
        // No answer: the connection failed or timed out; another attempt or URL may work.
        if (httpStatus == 0) {
            return true;
        }
        // Request timeout and rate limiting are the server asking to come back later.
        if (httpStatus == 408 || httpStatus == 429) {
            return true;
        }
        // 5xx (50001 store, 50002 timeout, 50003 forwarding, proxies' 502/503/504) are transient.
        return httpStatus >= 500 && httpStatus <= 599;
    }
}
