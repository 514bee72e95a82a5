/**
 * JMH benchmarks; each compares Ferry with its peer in the same run.
 */
package dev.ferry.benchmarks;
