package dev.ferry.producer;

import dev.ferry.common.ConfigException;

/**
 * How many replicas must have a record before the broker acknowledges it ({@code acks}).
 *
 * <ul>
 *   <li>{@link #ALL} ({@code all} or {@code -1}, the default): every in-sync replica; no loss while
 *       {@code min.insync.replicas} replicas survive. Required by idempotence.</li>
 *   <li>{@link #LEADER} ({@code 1}): the leader only; lost if it fails before replicating.</li>
 *   <li>{@link #NONE} ({@code 0}): fire and forget; no response, offsets are reported as -1.</li>
 * </ul>
 */
public enum Acks {
    NONE((short) 0),
    LEADER((short) 1),
    ALL((short) -1);

    private final short wireValue;

    Acks(short wireValue) {
        this.wireValue = wireValue;
    }

    /** The value sent in a ProduceRequest's {@code acks} field. */
    public short wireValue() {
        return wireValue;
    }

    /** The value as written in a configuration: {@code all}, {@code 1} or {@code 0}. */
    public String configValue() {
        return this == ALL ? "all" : Short.toString(wireValue);
    }

    /**
     * Parses a configuration value: {@code all}, {@code -1}, {@code 0} or {@code 1} (case-sensitive,
     * surrounding spaces ignored, as in kafka-clients).
     *
     * @throws ConfigException for anything else
     */
    public static Acks parse(String value) {
        return switch (value.trim()) {
            case "all", "-1" -> ALL;
            case "1" -> LEADER;
            case "0" -> NONE;
            default -> throw new ConfigException(ProducerConfig.ACKS, value, "must be one of all, -1, 0, 1");
        };
    }
}
