package dev.ferry.codegen;

/**
 * A {@code <reference>} of a {@link Subject}: how the schema names another registered schema, and
 * where that one is registered.
 */
public class Reference {

    /** The name the referring schema uses: the import path (Protobuf), the full name (Avro), the $ref (JSON). */
    String name;

    /** The subject the referenced schema is registered under. */
    String subject;

    /** Its version; when absent, the subject's version of the schema registered in the same run, else its latest. */
    Integer version;

    public Reference() {
        // Maven instantiates the class and sets the fields from the POM.
    }

    public Reference(String name, String subject, Integer version) {
        this.name = name;
        this.subject = subject;
        this.version = version;
    }

    public String name() {
        return name;
    }

    public String subject() {
        return subject;
    }

    public Integer version() {
        return version;
    }

    @Override
    public String toString() {
        return name + " -> " + subject + (version == null ? "" : " v" + version);
    }
}
