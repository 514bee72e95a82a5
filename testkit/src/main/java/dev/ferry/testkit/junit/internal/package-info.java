/** Internals of the application test kit: the REST API over the in-memory registry, faults, shared brokers. */
package dev.ferry.testkit.junit.internal;
