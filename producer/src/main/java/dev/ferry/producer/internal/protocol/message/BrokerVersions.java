package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one broker and Ferry both speak: per API the highest common version, and the broker's
 * finalized feature levels. Built once per connection from the ApiVersions response; immutable.
 *
 * <pre>{@code
 * BrokerVersions versions = BrokerVersions.from(apiVersionsResponse);
 * short produce = versions.highestCommonVersion(ApiKey.PRODUCE);
 * boolean txnV2 = versions.finalizedLevel("transaction.version").orElse((short) 0) >= 2;
 * }</pre>
 */
public final class BrokerVersions {
    private final Map<ApiKey, ApiVersions.ApiVersionRange> brokerRanges;
    private final Map<String, Short> finalizedLevels;

    private BrokerVersions(Map<ApiKey, ApiVersions.ApiVersionRange> brokerRanges, Map<String, Short> finalizedLevels) {
        this.brokerRanges = brokerRanges;
        this.finalizedLevels = finalizedLevels;
    }

    public static BrokerVersions from(ApiVersions.Response response) {
        Map<ApiKey, ApiVersions.ApiVersionRange> ranges = new EnumMap<>(ApiKey.class);
        for (ApiVersions.ApiVersionRange range : response.apiKeys()) {
            ApiKey key = ApiKey.forId(range.apiKey());
            if (key != null) {
                ranges.put(key, range);
            }
        }
        Map<String, Short> levels = new java.util.HashMap<>();
        // Finalized features are meaningful only with a valid epoch (KIP-584).
        if (response.finalizedFeaturesEpoch() >= 0) {
            for (ApiVersions.FinalizedFeature feature : response.finalizedFeatures()) {
                levels.put(feature.name(), feature.maxVersionLevel());
            }
        }
        return new BrokerVersions(ranges, Map.copyOf(levels));
    }

    /** The highest version both sides support, or empty when the ranges do not meet. */
    public Optional<Short> commonVersion(ApiKey key) {
        ApiVersions.ApiVersionRange broker = brokerRanges.get(key);
        if (broker == null) {
            return Optional.empty();
        }
        short highest = (short) Math.min(key.maxVersion(), broker.maxVersion());
        short lowest = (short) Math.max(key.minVersion(), broker.minVersion());
        return highest >= lowest ? Optional.of(highest) : Optional.empty();
    }

    /** The highest common version; a broker too old or too new for Ferry is a protocol error naming both ranges. */
    public short highestCommonVersion(ApiKey key) {
        return commonVersion(key).orElseThrow(() -> {
            ApiVersions.ApiVersionRange broker = brokerRanges.get(key);
            String brokerRange = broker == null ? "none" : broker.minVersion() + ".." + broker.maxVersion();
            return new ProtocolException("Broker supports " + key + " versions " + brokerRange
                    + " but Ferry needs one of " + key.minVersion() + ".." + key.maxVersion());
        });
    }

    /** The highest common version not above {@code cap} (for features that pin older versions). */
    public short highestCommonVersion(ApiKey key, short cap) {
        short highest = highestCommonVersion(key);
        short lowest = (short) Math.max(key.minVersion(), brokerRanges.get(key).minVersion());
        if (cap < lowest) {
            throw new ProtocolException(key + " capped at version " + cap + " is below the common minimum " + lowest);
        }
        return (short) Math.min(highest, cap);
    }

    public Optional<Short> finalizedLevel(String feature) {
        return Optional.ofNullable(finalizedLevels.get(feature));
    }
}
