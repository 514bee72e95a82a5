package dev.ferry.codegen.internal.source;

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
}
