package dev.ferry.serdes.avro;

import dev.ferry.common.SerializationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro classes Ferry's Maven plugin generated, as its build lists them in
 * {@value #PATH} next to the classes. A listing vouches only for classes of its own class path
 * root (the same directory or jar), so neither a writer's schema nor a listing elsewhere on the
 * class path can extend the trust to a class the plugin did not generate.
 */
final class GeneratedClassListing {

    /** Where the plugin writes the listing: one class name a line. */
    static final String PATH = "META-INF/ferry/avro-classes";

    private GeneratedClassListing() {}

    /**
     * The generated record class {@code className}, loaded without initialising it, or null when no
     * listing of the class's own root names it.
     */
    static Class<?> find(String className, ClassLoader loader) {
        String classFile = className.replace('.', '/') + ".class";
        URL classUrl = loader.getResource(classFile);
        if (classUrl == null) {
            return null;
        }
        for (URL listing : listings(loader)) {
            String root = listing.toString().substring(0, listing.toString().length() - PATH.length());
            if (classUrl.toString().equals(root + classFile) && names(listing, className)) {
                return recordClass(className, loader);
            }
        }
        return null;
    }

    private static List<URL> listings(ClassLoader loader) {
        try {
            return Collections.list(loader.getResources(PATH));
        } catch (IOException e) {
            throw new SerializationException("Cannot list the class path's " + PATH + " resources: " + e, e);
        }
    }

    private static boolean names(URL listing, String className) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(listing.openStream(), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).anyMatch(className::equals);
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot read the generated Avro classes listed in " + listing + ": " + e, e);
        }
    }

    private static Class<?> recordClass(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SerializationException("Cannot load the generated Avro class " + className + ": " + e, e);
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("The class " + className + " listed in " + PATH
                    + " is not a generated Avro record (no org.apache.avro.specific.SpecificRecord)");
        }
        return type;
    }
}
