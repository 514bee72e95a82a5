package dev.ferry.codegen.internal.incremental;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the last successful run generated for the topic bindings: a fingerprint of their
 * configuration and of every schema they could read types from, and the files written.
 */
public record BindingState(String fingerprint, Set<String> outputs) {

    public static final BindingState NONE = new BindingState("", Set.of());

    public BindingState {
        Objects.requireNonNull(fingerprint, "fingerprint");
        outputs = Set.copyOf(new TreeSet<>(outputs));
    }
}
