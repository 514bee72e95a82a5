package dev.ferry.registry;

/**
 * Confluent's compatibility levels: which earlier versions a new schema is checked against, and in
 * which direction.
 *
 * <ul>
 *   <li>{@code BACKWARD}: consumers using the new schema can read data written with the last one.</li>
 *   <li>{@code FORWARD}: consumers using the last schema can read data written with the new one.</li>
 *   <li>{@code FULL}: both.</li>
 *   <li>{@code *_TRANSITIVE}: against every earlier version, not only the last.</li>
 *   <li>{@code NONE}: no check.</li>
 * </ul>
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Whether a candidate is checked against every earlier version rather than only the newest. */
    public boolean isTransitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    /** Whether the new schema must read data written with the earlier ones. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether the earlier schemas must read data written with the new one. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /**
     * Parses a level as the REST API and {@code fromProperties} spell it (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static CompatibilityLevel parse(String value) {
        for (CompatibilityLevel level : values()) {
            if (level.name().equalsIgnoreCase(value)) {
                return level;
            }
        }
        throw new IllegalArgumentException("compatibility level was '" + value + "', allowed: "
                + "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }
}
