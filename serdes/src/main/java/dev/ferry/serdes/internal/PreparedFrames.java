package dev.ferry.serdes.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a serializer frames and writes a (topic, schema key) with, prepared once (subject, id,
 * framing, writer) and prepared again only when it follows the subject's latest version and that
 * version changed. The last one served is checked first, by identity: the steady state of a
 * producer asks no map. Thread-safe.
 *
 * @param <K> the schema key, compared by identity (an Avro schema, a Protobuf descriptor)
 * @param <P> the serializer's preparation
 */
public final class PreparedFrames<K, P extends PreparedFrames.Prepared<K>> {

    /** A preparation; carries its keys so that the last one served is checked without a lookup. */
    public interface Prepared<K> {
        String topic();

        K key();

        String subject();

        int id();

        boolean followsLatest();
    }

    /** Resolves a (topic, key) in the registry; {@code data} is the record being serialized. */
    @FunctionalInterface
    public interface Preparer<K, P> {
        P prepare(SchemaLookup lookup, String topic, K key, Object data);
    }

    private final Map<String, Map<K, P>> prepared = new ConcurrentHashMap<>();
    private final Preparer<K, P> preparer;
    // Not volatile: a preparation is immutable, so a thread sees either a complete one or an older one.
    private P recent;

    public PreparedFrames(Preparer<K, P> preparer) {
        this.preparer = preparer;
    }

    public P get(SchemaLookup lookup, String topic, K key, Object data) {
        P last = recent;
        if (last != null && last.key() == key && last.topic().equals(topic) && !isOutdated(lookup, last)) {
            return last;
        }
        P target = prepared(lookup, topic, key, data);
        if (target != last) {
            recent = target;
        }
        return target;
    }

    private P prepared(SchemaLookup lookup, String topic, K key, Object data) {
        Map<K, P> ofTopic = prepared.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        P found = ofTopic.get(key);
        if (found != null && !isOutdated(lookup, found)) {
            return found;
        }
        P fresh = preparer.prepare(lookup, topic, key, data);
        if (found != null) {
            ofTopic.replace(key, found, fresh);
            return fresh;
        }
        P raced = ofTopic.putIfAbsent(key, fresh);
        return raced != null ? raced : fresh;
    }

    private static boolean isOutdated(SchemaLookup lookup, Prepared<?> prepared) {
        return prepared.followsLatest() && lookup.isOutdated(prepared.topic(), prepared.subject(), prepared.id());
    }
}
