package dev.ferry.common.internal.config;

/**
 * A module's key table, found with {@link java.util.ServiceLoader} so that a component can tell a key
 * another Ferry component on the class path consumes from a key nobody takes.
 */
public interface ConfigTableProvider {
    ConfigTable<?> table();
}
