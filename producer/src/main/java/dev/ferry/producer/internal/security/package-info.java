/**
 * TLS and SASL material and exchanges: {@code SslFactory} makes TLS engines from the
 * {@code ssl.*} settings (stores and PEM text loaded up front by common's {@code TlsMaterial}),
 * {@code JaasConfig} and {@code SaslCredentials} read {@code sasl.jaas.config}, and {@code SaslExchange} implementations
 * speak PLAIN and SCRAM-SHA-256/512. Secrets stay {@link dev.ferry.common.Password}s and never
 * reach a message.
 *
 * <p>Threads: parsing and loading happen on the application thread that builds the
 * {@link dev.ferry.producer.SecurityConfig} and constructs the producer, so a bad store fails
 * there; the I/O thread creates a TLS engine per connection and runs the SASL exchanges (through the
 * sender's {@code SaslAuthenticator}). {@code SslFactory} is immutable after creation; one exchange
 * serves one connection.
 */
package dev.ferry.producer.internal.security;
