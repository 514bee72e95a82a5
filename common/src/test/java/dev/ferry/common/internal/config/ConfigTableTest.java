package dev.ferry.common.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTableTest {

    /** A builder as the configs have them: fields, setters that validate through the table. */
    static final class Settings {
        Integer retries;
        String token;
        List<String> hosts;
        Boolean verbose;
        final Map<String, String> headers = new LinkedHashMap<>();
    }

    static final ConfigTable<Settings> TABLE = new ConfigTable<>(
            "the test component",
            List.of(
                    ConfigKey.<Settings, Integer>of("retries", ConfigType.INT, (s, v) -> s.retries = v, s -> s.retries)
                            .withDefault(3)
                            .withDoc("how often")
                            .validatedBy(v -> v < 0 ? "must be at least 0" : null),
                    ConfigKey.<Settings, String>of("token", ConfigType.STRING, (s, v) -> s.token = v, s -> s.token)
                            .asSecret()
                            .withAliases("legacy.token")
                            .withDoc("the token")
                            .validatedBy(v -> v.isBlank() ? "must not be blank" : null),
                    ConfigKey.<Settings, List<String>>of("hosts", ConfigType.LIST, (s, v) -> s.hosts = v, s -> s.hosts)
                            .withDefaultDoc("required")
                            .withDoc("where | to go"),
                    ConfigKey.<Settings, Boolean>of(
                                    "verbose", ConfigType.BOOLEAN, (s, v) -> s.verbose = v, s -> s.verbose)
                            .withDefault(false)
                            .withDoc("talk more")),
            List.of(new ConfigPrefix<>(
                    "header.", "an extra header", true, (s, name, v) -> s.headers.put(name, v), s -> s.headers)));

    @Test
    void propertiesAreParsedWithKafkaClientsLeniency() {
        Settings settings = TABLE.apply(
                Map.of(
                        "retries",
                        " 7 ",
                        "legacy.token",
                        "t-1",
                        "hosts",
                        "a, b",
                        "verbose",
                        "TRUE",
                        "header.X-A",
                        "1",
                        "other",
                        "x"),
                TABLE.applyDefaults(new Settings()));

        assertThat(settings.retries).isEqualTo(7);
        assertThat(settings.token).isEqualTo("t-1");
        assertThat(settings.hosts).containsExactly("a", "b");
        assertThat(settings.verbose).isTrue();
        assertThat(settings.headers).containsExactly(Map.entry("X-A", "1"));
    }

    @Test
    void theNameWinsOverAnAlias() {
        Settings settings = TABLE.apply(Map.of("token", "new", "legacy.token", "old"), new Settings());

        assertThat(settings.token).isEqualTo("new");
    }

    @Test
    void defaultsComeFromTheRows() {
        Settings settings = TABLE.applyDefaults(new Settings());

        assertThat(settings.retries).isEqualTo(3);
        assertThat(settings.verbose).isFalse();
        assertThat(settings.token).isNull();
    }

    @Test
    void aCopyHoldsEveryValue() {
        Settings original =
                TABLE.apply(Map.of("retries", 9, "token", "t", "hosts", List.of("h"), "header.X", "y"), new Settings());

        Settings copy = TABLE.copy(original, new Settings());

        assertThat(TABLE.values(copy))
                .isEqualTo(TABLE.values(original))
                .containsEntry("retries", 9)
                .containsEntry("header.X", "y");
    }

    @Test
    void invalidValuesAreRejectedInOneStyleNamingKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> TABLE.apply(Map.of("retries", "three"), new Settings()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'three' for configuration retries: must be an int");
        assertThatThrownBy(() -> TABLE.apply(Map.of("retries", -1), new Settings()))
                .hasMessage("Invalid value -1 for configuration retries: must be at least 0");
        assertThatThrownBy(() -> TABLE.apply(Map.of("retries", 99_999_999_999L), new Settings()))
                .hasMessage("Invalid value 99999999999 for configuration retries: must be an int");
        assertThatThrownBy(() -> TABLE.apply(Map.of("verbose", "yes"), new Settings()))
                .hasMessage("Invalid value 'yes' for configuration verbose: must be true or false");
        assertThatThrownBy(() -> TABLE.check("retries", -2))
                .hasMessage("Invalid value -2 for configuration retries: must be at least 0");
    }

    @Test
    void aKeyOfAPrefixFamilyIsRefusedInTheSameStyleHiddenWhenTheFamilyIsSecret() {
        assertThat(TABLE.refused("header.X A", "HdrPa55", "must have a header name without spaces"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden] for configuration header.X A: must have a header name without spaces");
        assertThat(TABLE.refused("retries", -1, "must be at most 5"))
                .hasMessage("Invalid value -1 for configuration retries: must be at most 5");
        assertThatThrownBy(() -> TABLE.refused("other", 1, "anything"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the test component has no key other");
    }

    @Test
    void aRejectedSecretOrAnObjectIsNeverShown() {
        record Credentials(String user, String password) {}

        assertThatThrownBy(() -> TABLE.apply(Map.of("token", " "), new Settings()))
                .hasMessage("Invalid value [hidden] for configuration token: must not be blank");
        assertThatThrownBy(() -> TABLE.apply(Map.of("retries", new Credentials("u", "Pa55")), new Settings()))
                .hasMessage("Invalid value (a Credentials) for configuration retries: must be an int");
        assertThatThrownBy(() -> TABLE.apply(Map.of("retries", "password=\"Pa55\""), new Settings()))
                .hasMessage("Invalid value [hidden] for configuration retries: must be an int");
    }

    @Test
    void describeHidesSecretsAndUserInfo() {
        Settings settings =
                TABLE.apply(Map.of("token", "t0k3n", "hosts", "http://u:pw@h:1", "header.X", "k3y"), new Settings());

        assertThat(TABLE.describe(TABLE.values(settings)))
                .isEqualTo("{token=[hidden], hosts=[http://[hidden]@h:1], header.X=[hidden]}");
    }

    @Test
    void unknownKeysAreThoseNoRowOrPrefixKnows() {
        assertThat(TABLE.unknownKeys(Map.of(
                        "retries", 1, "legacy.token", "t", "header.Y", "v", "header.", "v", "zeta", 1, "alpha", 2)))
                .containsExactly("alpha", "header.", "zeta");
    }

    @Test
    void aKeyDeclaredTwiceIsRefused() {
        ConfigKey<Settings, Integer> key = ConfigKey.of("a", ConfigType.INT, (s, v) -> {}, s -> null);

        assertThatThrownBy(() -> new ConfigTable<>("twice", List.of(key, key.withAliases()), List.of()))
                .hasMessage("twice declares a twice");
    }

    @Test
    void theDocumentationIsAMarkdownTableInTableOrder() {
        assertThat(TABLE.markdown()).isEqualTo("""
                | Key | Default | Meaning |
                |---|---|---|
                | `retries` | 3 | how often |
                | `token` (also `legacy.token`) | none | the token A secret: never shown. |
                | `hosts` | required | where \\| to go |
                | `verbose` | false | talk more |
                | `header.<name>` | none | an extra header A secret: never shown. |
                """);
    }

    @Test
    void keysOfOtherClientsAreOwnedAndOthersAreNot() {
        assertThat(KeyOwners.ownerOf("group.id", TABLE)).contains("a Kafka consumer, admin or Streams client");
        assertThat(KeyOwners.ownerOf("schema.registry.url", TABLE)).isPresent();
        assertThat(KeyOwners.ownerOf("linger.mss", TABLE)).isEmpty();
    }

    @Test
    void setChecksThroughTheRowAndHandsTheValueToItsSetter() {
        Settings settings = new Settings();

        TABLE.set(settings, "retries", 5);

        assertThat(settings.retries).isEqualTo(5);
        assertThatThrownBy(() -> TABLE.set(settings, "retries", -1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value -1 for configuration retries: must be at least 0");
        assertThatThrownBy(() -> TABLE.set(settings, "token", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("token");
        assertThat(settings.retries).isEqualTo(5);
    }

    /** A configuration that holds another's builder, as the producer's holds its security part. */
    static final class Outer {
        final Settings inner = new Settings();
    }

    @Test
    void aLiftedRowReadsAndWritesThePartItWasMadeFor() {
        ConfigTable<Outer> outer = new ConfigTable<>(
                "the outer component",
                TABLE.keys().stream()
                        .<ConfigKey<Outer, ?>>map(key -> key.lift((Outer o) -> o.inner))
                        .toList(),
                List.of());
        Outer settings = new Outer();

        outer.apply(Map.of("retries", "9", "legacy.token", "t-2"), settings);

        assertThat(settings.inner.retries).isEqualTo(9);
        assertThat(outer.values(settings)).containsEntry("retries", 9).containsEntry("token", "t-2");
        assertThat(outer.isSecret("token")).isTrue();
        assertThatThrownBy(() -> outer.apply(Map.of("retries", "-2"), new Outer()))
                .hasMessage("Invalid value '-2' for configuration retries: must be at least 0");
    }
}
