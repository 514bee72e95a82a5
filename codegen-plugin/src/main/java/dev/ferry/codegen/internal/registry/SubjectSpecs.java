package dev.ferry.codegen.internal.registry;

import dev.ferry.codegen.Reference;
import dev.ferry.codegen.Subject;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.SchemaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates the {@code <subjects>} parameter and reads the schema files, reporting every problem at once. */
public final class SubjectSpecs {

    private SubjectSpecs() {}

    /**
     * @throws CodegenFailure listing every problem, each naming the subject (or its position)
     */
    public static List<SubjectSpec> validate(List<Subject> subjects) {
        if (subjects == null || subjects.isEmpty()) {
            throw new CodegenFailure("<subjects> is empty: list the subjects and their schema files, such as"
                    + " <subject><name>orders-value</name><file>src/main/avro/order.avsc</file></subject>");
        }
        List<String> problems = new ArrayList<>();
        List<SubjectSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < subjects.size(); i++) {
            Subject subject = subjects.get(i);
            String name = subject == null ? null : strip(subject.name());
            String where = name == null ? "subjects[" + i + "]" : "subject '" + name + "'";
            int before = problems.size();
            if (subject == null) {
                problems.add(where + ": empty <subject>");
                continue;
            }
            if (name == null) {
                problems.add(where + ": <name> is missing: the registry subject, such as orders-value");
            } else if (!names.add(name)) {
                problems.add(where + ": listed twice");
            }
            SchemaType type = type(where, subject, problems);
            String text = read(where, subject, problems);
            List<SubjectSpec.ReferenceSpec> references = references(where, subject.references(), problems);
            if (problems.size() == before) {
                specs.add(new SubjectSpec(
                        name, subject.file().toPath().toAbsolutePath().normalize(), type, text, references));
            }
        }
        if (!problems.isEmpty()) {
            throw new CodegenFailure(describe(problems));
        }
        return specs;
    }

    private static SchemaType type(String where, Subject subject, List<String> problems) {
        String declared = strip(subject.schemaType());
        if (declared != null) {
            try {
                return SchemaType.valueOf(declared.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": <schemaType> is '" + declared + "': allowed values are AVRO, PROTOBUF, JSON");
                return SchemaType.AVRO;
            }
        }
        String file = subject.file() == null ? "" : subject.file().getName();
        if (file.endsWith(".avsc")) {
            return SchemaType.AVRO;
        }
        if (file.endsWith(".proto")) {
            return SchemaType.PROTOBUF;
        }
        if (file.endsWith(".json")) {
            return SchemaType.JSON;
        }
        if (subject.file() != null) {
            problems.add(where + ": cannot tell the schema type of " + subject.file()
                    + " from its extension: name it .avsc, .proto or .json, or set <schemaType>");
        }
        return SchemaType.AVRO;
    }

    private static String read(String where, Subject subject, List<String> problems) {
        if (subject.file() == null) {
            problems.add(where + ": <file> is missing: the schema file, such as src/main/avro/order.avsc");
            return "";
        }
        Path file = subject.file().toPath().toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            problems.add(where + ": <file> " + file + " does not exist");
            return "";
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(where + ": cannot read " + file + ": " + e.getMessage());
            return "";
        }
    }

    private static List<SubjectSpec.ReferenceSpec> references(
            String where, List<Reference> references, List<String> problems) {
        List<SubjectSpec.ReferenceSpec> specs = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            Reference reference = references.get(i);
            String at = where + ": references[" + i + "]";
            if (reference == null || strip(reference.name()) == null || strip(reference.subject()) == null) {
                problems.add(at + ": needs <name> (the import path or full name the schema uses) and <subject>");
                continue;
            }
            if (reference.version() != null && reference.version() < 1) {
                problems.add(at + ": <version> is " + reference.version()
                        + ": versions start at 1; leave it out for the latest");
                continue;
            }
            specs.add(new SubjectSpec.ReferenceSpec(
                    strip(reference.name()), strip(reference.subject()), reference.version()));
        }
        return specs;
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String describe(List<String> problems) {
        String header =
                problems.size() == 1 ? "1 problem in <subjects>:" : problems.size() + " problems in <subjects>:";
        return problems.stream()
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
