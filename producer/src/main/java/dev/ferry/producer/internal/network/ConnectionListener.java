package dev.ferry.producer.internal.network;

/** Told when connections come up or go down; called on the I/O thread. */
public interface ConnectionListener {

    /** The TCP connection is up; the listener sends its handshake (ApiVersions) now. */
    void onConnected(int nodeId);

    /** The connection is gone; its unanswered requests have already failed. */
    void onDisconnected(int nodeId, String reason);
}
