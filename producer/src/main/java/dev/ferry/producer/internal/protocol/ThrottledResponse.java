package dev.ferry.producer.internal.protocol;

/**
 * A response that carries throttle_time_ms: since KIP-219 a broker over a quota answers at once
 * and expects the client to send it nothing for that long, whatever the request was
 * ({@link ApiKey#clientThrottles} says from which version).
 */
public interface ThrottledResponse {
    int throttleTimeMs();
}
