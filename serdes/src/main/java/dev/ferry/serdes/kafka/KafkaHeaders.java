package dev.ferry.serdes.kafka;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.serdes.internal.WireFormat;
import java.util.Arrays;

/**
 * Carries the schema id header between kafka-clients' record headers and Ferry's serdes: a
 * serializer that writes headers gets a fresh set whose additions are copied to the record; a
 * deserializer gets only the header it may read. Records without it cost no copy.
 */
final class KafkaHeaders {

    private KafkaHeaders() {}

    static <T> byte[] serialize(
            dev.ferry.common.Serializer<T> delegate,
            boolean writesHeader,
            String topic,
            org.apache.kafka.common.header.Headers headers,
            T data) {
        if (!writesHeader) {
            return delegate.serialize(topic, NoHeaders.INSTANCE, data);
        }
        if (headers == null) {
            return delegate.serialize(topic, null, data);
        }
        Headers added = new Headers();
        byte[] frame = delegate.serialize(topic, added, data);
        for (Header header : added) {
            org.apache.kafka.common.header.Header last = headers.lastHeader(header.key());
            if (last == null || !Arrays.equals(last.value(), header.value())) {
                headers.add(header.key(), header.value());
            }
        }
        return frame;
    }

    static <T> T deserialize(
            dev.ferry.common.Deserializer<T> delegate,
            boolean isKey,
            String topic,
            org.apache.kafka.common.header.Headers headers,
            byte[] data) {
        org.apache.kafka.common.header.Header idHeader =
                headers == null ? null : headers.lastHeader(WireFormat.headerKey(isKey));
        Headers passed = idHeader == null ? NoHeaders.INSTANCE : new Headers().add(idHeader.key(), idHeader.value());
        return delegate.deserialize(topic, passed, data);
    }
}
