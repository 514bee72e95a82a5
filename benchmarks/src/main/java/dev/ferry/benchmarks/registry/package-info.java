/**
 * The registry client's cache hits (what every record sent or read pays), and the worst call during
 * a registry outage.
 */
package dev.ferry.benchmarks.registry;
