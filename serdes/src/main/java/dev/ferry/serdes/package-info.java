/**
 * Serializers and deserializers in the Confluent wire format.
 */
package dev.ferry.serdes;
