package dev.ferry.codegen.internal.avro;

import java.util.List;
import java.util.Set;

/**
 * The named types one .avsc file defines (full names) and the names it refers to; each reference
 * lists the full names it may resolve to, most specific first, as Avro tries them.
 */
public record AvroDeclarations(Set<String> defined, List<List<String>> references) {

    public AvroDeclarations {
        defined = Set.copyOf(defined);
        references = references.stream().map(List::copyOf).toList();
    }
}
