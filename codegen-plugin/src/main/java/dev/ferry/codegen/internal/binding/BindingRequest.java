package dev.ferry.codegen.internal.binding;

import java.util.List;
import java.util.Objects;

/**
 * The topic bindings of one generation run.
 *
 * @param classpath where types not defined by this build's schemas are looked up
 * @param classpathIdentity what identifies that classpath: when it changes, bindings are regenerated
 */
public record BindingRequest(List<TopicSpec> specs, ClasspathTypes classpath, String classpathIdentity) {

    public BindingRequest {
        specs = List.copyOf(specs);
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(classpathIdentity, "classpathIdentity");
    }

    /** No bindings. */
    public static BindingRequest none() {
        return new BindingRequest(List.of(), new ClasspathTypes(BindingRequest.class.getClassLoader()), "");
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }
}
