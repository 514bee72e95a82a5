package dev.ferry.codegen;

import java.io.File;
import java.util.List;

/**
 * One {@code <subject>} of the registry goals: a registry subject and the schema file that belongs
 * under it, with the other subjects it references.
 *
 * <pre>{@code
 * <subject>
 *   <name>orders-value</name>
 *   <file>src/main/proto/shop/order.proto</file>
 *   <references>
 *     <reference>
 *       <name>shop/money.proto</name>   <!-- the import path (Protobuf) or full name (Avro) -->
 *       <subject>money-value</subject>
 *       <version>2</version>           <!-- optional: the subject's latest version -->
 *     </reference>
 *   </references>
 * </subject>
 * }</pre>
 *
 * <p>The schema type follows the file's extension ({@code .avsc}, {@code .proto}, {@code .json}) unless
 * {@code <schemaType>} says AVRO, PROTOBUF or JSON.
 */
public class Subject {

    /** The registry subject, such as {@code orders-value}. */
    String name;

    /** The schema file. */
    File file;

    /** AVRO, PROTOBUF or JSON; by default from the file's extension. */
    String schemaType;

    /** The registered schemas this one refers to. */
    List<Reference> references;

    public Subject() {
        // Maven instantiates the class and sets the fields from the POM.
    }

    /** A subject as the POM would give it; for tests and for code that configures the goals. */
    public Subject(String name, File file, String schemaType, List<Reference> references) {
        this.name = name;
        this.file = file;
        this.schemaType = schemaType;
        this.references = references;
    }

    public String name() {
        return name;
    }

    public File file() {
        return file;
    }

    public String schemaType() {
        return schemaType;
    }

    public List<Reference> references() {
        return references == null ? List.of() : references;
    }

    @Override
    public String toString() {
        return "subject " + name + " (file=" + file + ", schemaType=" + schemaType + ", references=" + references()
                + ")";
    }
}
