package dev.ferry.producer.internal.network;

import dev.ferry.producer.AuthenticationException;

/** Told when connections come up or go down; called on the I/O thread. */
public interface ConnectionListener {

    /** The connection is up (TCP, and TLS when configured); the listener sends its handshake (ApiVersions) now. */
    void onConnected(int nodeId);

    /** The connection is gone; its unanswered requests have already failed. */
    void onDisconnected(int nodeId, String reason);

    /** The broker refused the TLS handshake, or the producer refused the broker's certificate; the connection is closed. */
    void onAuthenticationFailed(int nodeId, AuthenticationException failure);
}
