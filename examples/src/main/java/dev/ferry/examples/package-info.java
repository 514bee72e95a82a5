/**
 * Programs that show and measure the path from send(OrderEvent) to a consumer.
 */
package dev.ferry.examples;
