/**
 * Example schemas built with ferry-maven-plugin.
 */
package dev.ferry.schemas;
