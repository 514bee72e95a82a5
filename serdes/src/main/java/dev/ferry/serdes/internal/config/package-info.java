/** {@code SerdeConfig}'s key table and the state behind its builder. */
package dev.ferry.serdes.internal.config;
