package dev.ferry.producer.internal.protocol;

import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.protocol.message.SaslAuthenticate;
import dev.ferry.producer.internal.protocol.message.SaslHandshake;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kafka APIs the producer speaks, with the version range Ferry implements, the first flexible
 * version (compact strings, tagged fields, request header v2), the first version whose
 * throttle_time_ms the client waits out, and the request record that encodes
 * the API's requests, so that a request knows its key from this table (as kafka-clients'
 * {@code ApiKeys} names each API's message types).
 */
public enum ApiKey {
    PRODUCE(0, 9, 13, 9, 6, Produce.Request.class),
    METADATA(3, 9, 13, 9, 6, Metadata.Request.class),
    FIND_COORDINATOR(10, 3, 6, 3, 2, FindCoordinator.Request.class),
    SASL_HANDSHAKE(17, 0, 1, Integer.MAX_VALUE, Integer.MAX_VALUE, SaslHandshake.Request.class),
    API_VERSIONS(18, 0, 5, 3, 2, ApiVersions.Request.class),
    INIT_PRODUCER_ID(22, 2, 5, 2, 1, InitProducerId.Request.class),
    ADD_PARTITIONS_TO_TXN(24, 3, 3, 3, 1, AddPartitionsToTxn.Request.class),
    ADD_OFFSETS_TO_TXN(25, 3, 4, 3, 1, AddOffsetsToTxn.Request.class),
    END_TXN(26, 3, 5, 3, 1, EndTxn.Request.class),
    TXN_OFFSET_COMMIT(28, 3, 6, 3, 1, TxnOffsetCommit.Request.class),
    SASL_AUTHENTICATE(36, 0, 2, 2, Integer.MAX_VALUE, SaslAuthenticate.Request.class);

    private static final Map<Class<?>, ApiKey> BY_REQUEST =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(key -> key.request, key -> key));

    private final short id;
    private final short minVersion;
    private final short maxVersion;
    private final int firstFlexibleVersion;
    private final int firstClientThrottledVersion;
    private final Class<? extends ApiRequest<?>> request;

    ApiKey(
            int id,
            int minVersion,
            int maxVersion,
            int firstFlexibleVersion,
            int firstClientThrottledVersion,
            Class<? extends ApiRequest<?>> request) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.firstFlexibleVersion = firstFlexibleVersion;
        this.firstClientThrottledVersion = firstClientThrottledVersion;
        this.request = request;
    }

    /** The key whose requests {@code request}'s class encodes. */
    static ApiKey of(ApiRequest<?> request) {
        return BY_REQUEST.get(request.getClass());
    }

    public short id() {
        return id;
    }

    /** Lowest version Ferry can encode and decode. */
    public short minVersion() {
        return minVersion;
    }

    /** Highest version Ferry can encode and decode. */
    public short maxVersion() {
        return maxVersion;
    }

    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /**
     * Whether the client, not the broker, waits out this version's throttle_time_ms (KIP-219): at
     * older versions the broker delayed the answer itself. The versions are kafka-clients'
     * {@code AbstractResponse.shouldClientThrottle}.
     */
    public boolean clientThrottles(short version) {
        return version >= firstClientThrottledVersion;
    }

    public short requestHeaderVersion(short version) {
        return isFlexible(version) ? (short) 2 : (short) 1;
    }

    /** ApiVersions answers with header v0 always, so a client can read it before knowing any version. */
    public short responseHeaderVersion(short version) {
        return this != API_VERSIONS && isFlexible(version) ? (short) 1 : (short) 0;
    }

    public void checkVersion(short version) {
        if (version < minVersion || version > maxVersion) {
            throw new IllegalArgumentException(
                    this + " version " + version + " is outside Ferry's range " + minVersion + ".." + maxVersion);
        }
    }

    /** The key for an id, or null for an API Ferry does not speak. */
    public static ApiKey forId(short id) {
        for (ApiKey key : values()) {
            if (key.id == id) {
                return key;
            }
        }
        return null;
    }
}
