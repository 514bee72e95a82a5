package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.internal.CodegenFailure;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/** The project's compile classpath: as URLs, and whether it can compile generated bindings. */
public final class RuntimeClasspath {
    private static final String SERDES_CLASS = "dev/ferry/serdes/SerdeConfig.class";

    private RuntimeClasspath() {}

    /**
     * @throws CodegenFailure when ferry-serdes (and so the producer and registry client) is not on
     *     the project's compile classpath
     */
    public static void requireFerrySerdes(List<String> classpath) {
        // No parent: the plugin's own copy of the serdes must not answer for the project.
        try (URLClassLoader project = new URLClassLoader(urls(classpath), null)) {
            if (project.findResource(SERDES_CLASS) == null) {
                throw new CodegenFailure("topic bindings use Ferry's producer and serdes, which are not on the compile"
                        + " classpath: add the dependency dev.ferry:ferry-serdes to the project");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect the compile classpath", e);
        }
    }

    /** The classpath elements (directories and jars) as URLs, for a class loader over them. */
    public static URL[] urls(List<String> classpath) {
        List<URL> urls = new ArrayList<>();
        for (String element : classpath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("classpath element " + element + " is not a valid URL", e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
