package dev.ferry.codegen.internal.registry;

import dev.ferry.registry.SchemaType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code <subject>}: the subject, its schema file and text, and its references.
 */
public record SubjectSpec(String subject, Path file, SchemaType type, String text, List<ReferenceSpec> references) {

    public SubjectSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        references = List.copyOf(references);
    }

    /**
     * A reference; without a version, the version registered in the same run or the subject's latest.
     *
     * @param version the version, or null
     */
    public record ReferenceSpec(String name, String subject, Integer version) {

        public ReferenceSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(subject, "subject");
        }
    }
}
