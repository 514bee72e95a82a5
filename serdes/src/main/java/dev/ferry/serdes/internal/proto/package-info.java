/** The {@code .proto} tokenizer, parser, printer and compatibility rules; not part of the API. */
package dev.ferry.serdes.internal.proto;
