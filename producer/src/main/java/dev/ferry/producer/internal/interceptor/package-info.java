/**
 * The user's {@link dev.ferry.producer.ProducerInterceptor}s as kafka-clients runs them:
 * {@code ProducerInterceptors} calls the chain and keeps a throwing interceptor from disturbing a
 * record; {@code InterceptedCallback} carries each record's headers and partition to its
 * acknowledgement.
 *
 * <p>Threads: {@code onSend} and failures inside {@code send()} on the sending thread, every other
 * acknowledgement on the I/O thread, {@code close} on the thread closing the producer.
 */
package dev.ferry.producer.internal.interceptor;
