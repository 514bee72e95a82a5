/**
 * The types every Ferry module shares, with nothing but the JDK and slf4j-api behind them: the
 * {@link dev.ferry.common.Serializer} and {@link dev.ferry.common.Deserializer} sockets with their
 * {@link dev.ferry.common.Headers}, {@link dev.ferry.common.FerryException} (the root of every
 * exception Ferry throws), {@link dev.ferry.common.SerializationException},
 * {@link dev.ferry.common.ConfigException} and {@link dev.ferry.common.Password}.
 */
package dev.ferry.common;
