package dev.ferry.common.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstantiatorTest {
    private static final String KEY = "test.plugin.class";

    /** The role a plugin must play. */
    public interface Role {}

    public static final class Good implements Role {}

    public static final class NeedsArgument implements Role {
        public NeedsArgument(String argument) {}
    }

    public abstract static class Abstract implements Role {
        public Abstract() {}
    }

    public static final class Throws implements Role {
        public Throws() {
            throw new IllegalStateException("no connection to the metrics host");
        }
    }

    public static final class NotARole {}

    @Test
    void aNameAClassOrAnInstanceGiveAnInstanceOfTheRole() {
        Good given = new Good();

        assertThat(Instantiator.create(KEY, " " + Good.class.getName() + " ", Role.class))
                .isInstanceOf(Good.class);
        assertThat(Instantiator.create(KEY, Good.class, Role.class)).isInstanceOf(Good.class);
        assertThat(Instantiator.create(KEY, given, Role.class)).isSameAs(given);
        assertThat(Instantiator.load(KEY, Good.class.getName())).isEqualTo(Good.class);
        assertThat(Instantiator.check(KEY, Good.class.getName(), List.of(Good.class.getName()), Role.class))
                .isEqualTo(Good.class);
    }

    @Test
    void aClassThatIsNotFoundIsRefusedNamingKeyAndClass() {
        assertThatThrownBy(() -> Instantiator.create(KEY, "com.example.Missing", Role.class))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'com.example.Missing' for configuration test.plugin.class: "
                        + "must be a class on the class path")
                .hasNoCause();
    }

    @Test
    void aClassOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> Instantiator.create(KEY, NotARole.class.getName(), Role.class))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + NotARole.class.getName() + "' for configuration test.plugin.class: "
                        + "must be a class implementing " + Role.class.getName());
        assertThatThrownBy(() -> Instantiator.create(KEY, NotARole.class, Role.class))
                .hasMessage("Invalid value '" + NotARole.class.getName() + "' for configuration test.plugin.class: "
                        + "must be a class implementing " + Role.class.getName());
    }

    @ParameterizedTest
    @CsvSource({"NeedsArgument", "Abstract"})
    void aClassWithoutAPublicNoArgumentConstructorIsRefusedByCreateAndByCheck(String simpleName) {
        String name = InstantiatorTest.class.getName() + "$" + simpleName;
        String message = "Invalid value '" + name + "' for configuration test.plugin.class: "
                + "must be a class with a public no-argument constructor";

        assertThatThrownBy(() -> Instantiator.create(KEY, name, Role.class))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> Instantiator.check(KEY, name, List.of(name), Role.class))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void aConstructorThatThrowsIsRefusedWithItsExceptionAsTheCause() {
        Throwable failure = catchThrowable(() -> Instantiator.create(KEY, Throws.class.getName(), Role.class));

        assertThat(failure)
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + Throws.class.getName() + "' for configuration test.plugin.class: "
                        + "must be a class whose constructor succeeds (it threw java.lang.IllegalStateException)");
        assertThat(failure.getCause())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("no connection to the metrics host");
    }

    @Test
    void checkDoesNotRunTheConstructor() {
        assertThat(Instantiator.check(KEY, Throws.class.getName(), List.of(Throws.class.getName()), Role.class))
                .isEqualTo(Throws.class);
    }

    @Test
    void aValueThatIsNoClassNameIsRefusedAsSuch() {
        assertThatThrownBy(() -> Instantiator.create(KEY, 42, Role.class))
                .hasMessage("Invalid value 42 for configuration test.plugin.class: must be a class or a class name");
        assertThatThrownBy(() -> Instantiator.load(KEY, " "))
                .hasMessage(
                        "Invalid value [hidden] for configuration test.plugin.class: must be a class or a class name");
        assertThatThrownBy(() -> Instantiator.create(KEY, new Object(), Role.class))
                .hasMessage(
                        "Invalid value (a Object) for configuration test.plugin.class: must be a class or a class name");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"password=PlugPa55", "http://u:PlugPa55@h:1", "PlugPa55!", "\"PlugPa55\""})
    void aValueThatIsNoWellFormedClassNameIsNeverShownDownTheWholeChain(String value) {
        Throwable failure = catchThrowable(() -> Instantiator.create(KEY, value, Role.class));

        assertThat(failure)
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden] for configuration test.plugin.class: must be a class on the class path");
        assertThat(stackTrace(failure)).doesNotContain("PlugPa55");
    }

    @Test
    void anEntryOfAListIsShownOnlyWhereACommaSplitPasswordCannotShowThrough() {
        // a password with two commas leaves a middle piece that looks like a class name
        List<String> listed = List.of("http://u:Plug", "Pa55Secret", "x@h:1");

        assertThatThrownBy(() -> Instantiator.check(KEY, "Pa55Secret", listed, Role.class))
                .hasMessage("Invalid value http://[hidden]@h:1 for configuration test.plugin.class: "
                        + "must be a class on the class path")
                .hasMessageNotContaining("Pa55Secret");
        assertThatThrownBy(
                        () -> Instantiator.check(KEY, "no.Such", List.of(Good.class.getName(), "no.Such"), Role.class))
                .hasMessage(
                        "Invalid value 'no.Such' for configuration test.plugin.class: must be a class on the class path");
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
