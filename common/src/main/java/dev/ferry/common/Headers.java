package dev.ferry.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The ordered, mutable list of headers of a record (the producer's {@code ProducerRecord}, the
 * argument of every {@link Serializer} and {@link Deserializer}), like kafka-clients'
 * {@code RecordHeaders}: keys may repeat, order is kept on the wire.
 *
 * <pre>{@code
 * Headers headers = new Headers().add("trace-id", traceId).add(Header.of("source", "checkout"));
 * producer.send(new ProducerRecord<>("orders", null, key, value, headers));
 * }</pre>
 *
 * <p>Once a record is handed to {@code send()}, the producer calls {@link #setReadOnly()}; later
 * changes throw {@link IllegalStateException}, since the bytes may already be on their way.
 *
 * <p>Thread safety: not thread-safe; build the headers in one thread before sending.
 */
public final class Headers implements Iterable<Header> {
    /** Empty and immutable until the first add, so a record without headers costs one small object. */
    private List<Header> headers = List.of();

    private boolean readOnly;

    public Headers() {}

    public Headers(Iterable<Header> initial) {
        this();
        for (Header header : initial) {
            add(header);
        }
    }

    /** Appends a header; returns this for chaining. */
    public Headers add(Header header) {
        Objects.requireNonNull(header, "header");
        checkWritable();
        if (!(headers instanceof ArrayList)) {
            headers = new ArrayList<>();
        }
        headers.add(header);
        return this;
    }

    /** Appends a header with a byte value; returns this for chaining. */
    public Headers add(String key, byte[] value) {
        return add(new Header(key, value));
    }

    /** Appends a header whose value is {@code value} in UTF-8; returns this for chaining. */
    public Headers add(String key, String value) {
        return add(Header.of(key, value));
    }

    /** Removes every header with this key; returns this for chaining. */
    public Headers remove(String key) {
        Objects.requireNonNull(key, "key");
        checkWritable();
        if (!headers.isEmpty()) {
            headers.removeIf(h -> h.key().equals(key));
        }
        return this;
    }

    /** The last header with this key, or null if there is none (as in kafka-clients). */
    public Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return headers.get(i);
            }
        }
        return null;
    }

    /** Every header with this key, in order. */
    public List<Header> headers(String key) {
        return headers.stream().filter(h -> h.key().equals(key)).toList();
    }

    /** A snapshot of all headers, in order. */
    public List<Header> toList() {
        return List.copyOf(headers);
    }

    /** The header at {@code index} in send order; with {@link #size()}, a way to read them without allocating. */
    public Header get(int index) {
        return headers.get(index);
    }

    public int size() {
        return headers.size();
    }

    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** Forbids further changes; called by the producer when the record is sent. */
    public void setReadOnly() {
        readOnly = true;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public Iterator<Header> iterator() {
        return toList().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        return "Headers" + headers;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("headers are read-only: the record was already sent");
        }
    }
}
