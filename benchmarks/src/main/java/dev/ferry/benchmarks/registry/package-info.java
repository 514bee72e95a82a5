/**
 * Benchmarks of the registry client's cache hits: what every record sent or read pays.
 */
package dev.ferry.benchmarks.registry;
