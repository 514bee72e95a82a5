package dev.ferry.common.testing;

import dev.ferry.common.internal.config.ReadmeSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's configuration reference is generated from the key tables: each module's test hands its
 * table's rendering to {@link #check}, which fails when README.md's section differs, or rewrites the
 * section when run with {@code -Dferry.readme.update=true}. In common's test jar so that every module
 * checks its section the same way.
 */
public final class ConfigReference {
    /** The README at the root of the reactor; Surefire runs each module's tests in the module's directory. */
    public static final Path README = Path.of("..", "README.md");

    private ConfigReference() {}

    /**
     * @param section the name in the section's markers, {@code <!-- name:begin -->}
     * @param test    the test class that calls this, for the regeneration command
     */
    public static void check(String section, String rendered, String test) {
        try {
            String readme = Files.readString(README);
            if (Boolean.getBoolean("ferry.readme.update")) {
                Files.writeString(README, ReadmeSection.replace(readme, section, rendered));
                return;
            }
            if (!ReadmeSection.read(readme, section).equals(rendered)) {
                throw new AssertionError(
                        "README.md's section " + section + " differs from the key table. Regenerate it: "
                                + "flock /tmp/ferry-mvn.lock ./mvnw -B -o test -pl " + module() + " -am -Dtest=" + test
                                + " -Dsurefire.failIfNoSpecifiedTests=false -Dferry.readme.update=true");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module whose test calls this: Surefire runs it in the module's directory. */
    private static String module() {
        return Path.of("").toAbsolutePath().getFileName().toString();
    }
}
