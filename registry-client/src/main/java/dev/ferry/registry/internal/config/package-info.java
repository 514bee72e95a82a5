/**
 * What {@code SchemaRegistryConfig} needs besides its key table: the checks of the
 * {@code schema.registry.url} list, which must never show a URL's user info.
 */
package dev.ferry.registry.internal.config;
