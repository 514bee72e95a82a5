/**
 * ferry-maven-plugin: code generation and schema checks at build time.
 */
package dev.ferry.codegen;
