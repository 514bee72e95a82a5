package dev.ferry.serdes.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a deserializer derives from a writer's schema (a datum reader, a file's message numbering),
 * by the schema id or GUID a frame names, loaded on the first frame that names it. A frame of
 * {@code 0x00 | id} without a header is looked up in an {@link IdCache}, which neither boxes nor
 * allocates. Thread-safe; concurrent first frames for one schema may each load, the first value
 * stored wins.
 *
 * @param <V> the value derived per writer's schema
 */
public final class WriterSchemaCache<V> {

    /** Derives the value for the schema a frame names. */
    @FunctionalInterface
    public interface Loader<V> {
        V load(SchemaLookup lookup, WireFormat.Located at, String topic);
    }

    private final IdCache<V> byId = new IdCache<>();
    private final Map<UUID, V> byGuid = new ConcurrentHashMap<>();
    private final Loader<V> loader;

    public WriterSchemaCache(Loader<V> loader) {
        this.loader = loader;
    }

    /** For a frame {@code 0x00 | id | ...} whose id {@link WireFormat#readSchemaId} read. */
    public V get(SchemaLookup lookup, String topic, int id, byte[] data) {
        V found = byId.get(id);
        return found != null
                ? found
                : byId.computeIfAbsent(
                        id,
                        unknown -> loader.load(
                                lookup,
                                new WireFormat.Located(
                                        unknown, null, data, WireFormat.HEADER_SIZE, WireFormat.HEADER_SIZE),
                                topic));
    }

    /** For a frame whose schema is named by a GUID or in a header. */
    public V get(SchemaLookup lookup, String topic, WireFormat.Located at) {
        if (at.guid() == null) {
            return byId.computeIfAbsent(at.id(), unknown -> loader.load(lookup, at, topic));
        }
        V found = byGuid.get(at.guid());
        if (found != null) {
            return found;
        }
        V fresh = loader.load(lookup, at, topic);
        V raced = byGuid.putIfAbsent(at.guid(), fresh);
        return raced != null ? raced : fresh;
    }
}
