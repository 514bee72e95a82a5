package dev.ferry.registry;

/**
 * A registry's (or subject's) mode: whether it accepts new schemas.
 *
 * <p>{@code READWRITE} is the normal mode; {@code READONLY} rejects registrations (error code
 * 42205); {@code READONLY_OVERRIDE} is read-only even for subjects with their own mode;
 * {@code IMPORT} accepts schemas with given ids, for migrations.
 */
public enum Mode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    /**
     * Parses a mode as the REST API spells it.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "mode was '" + value + "', allowed: READWRITE, READONLY, READONLY_OVERRIDE, IMPORT");
    }
}
