package dev.ferry.serdes.kafka;

import dev.ferry.common.Headers;

/** The read-only empty headers handed to Ferry's serdes when a record has no schema id header to read or write. */
final class NoHeaders {

    static final Headers INSTANCE = readOnly();

    private NoHeaders() {}

    private static Headers readOnly() {
        Headers headers = new Headers();
        headers.setReadOnly();
        return headers;
    }
}
