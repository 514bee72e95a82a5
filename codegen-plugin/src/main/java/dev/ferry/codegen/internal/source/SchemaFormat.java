package dev.ferry.codegen.internal.source;

import dev.ferry.registry.SchemaType;

/** The schema languages the plugin reads, each with its file extension. */
public enum SchemaFormat {
    AVRO(".avsc"),
    PROTOBUF(".proto");

    private final String extension;

    SchemaFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The registry's name for the language. */
    public SchemaType type() {
        return switch (this) {
            case AVRO -> SchemaType.AVRO;
            case PROTOBUF -> SchemaType.PROTOBUF;
        };
    }
}
