/**
 * Ferry's Kafka producer: speaks the Kafka wire protocol to real brokers.
 */
package dev.ferry.producer;
