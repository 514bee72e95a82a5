package dev.ferry.producer.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JAAS line parser, checked against kafka-clients' own parser (JaasContext) as the oracle. */
class JaasConfigTest {
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";

    @ParameterizedTest
    @ValueSource(
            strings = {
                PLAIN + " required username=\"alice\" password=\"alice-secret\";",
                PLAIN + " required username=alice password=s3cret_$x;",
                SCRAM + " REQUIRED username=\"bob\" password=\"with \\\"quotes\\\" and spaces\" tokenauth=\"true\";",
                "  " + SCRAM + "  optional\n username=\"carol\"\n password=\"p=w,;\" ; ",
                "/* a comment */ " + PLAIN + " sufficient // another\n username=\"dave\" password=\"x\";",
                SCRAM + " requisite username=\"\u00e9l\u00e8ve\" password=\"\u00fcber\";",
                "\"" + PLAIN + "\" required username=\"quoted\" password=\"module\";"
            })
    void parsesWhatKafkaClientsParsesTheSameWay(String text) {
        AppConfigurationEntry kafka = kafkaEntry(text);

        JaasConfig ours = JaasConfig.parse("sasl.jaas.config", text);

        assertThat(ours.loginModule()).isEqualTo(kafka.getLoginModuleName());
        assertThat(ours.controlFlag()).isEqualTo(flagName(kafka.getControlFlag()));
        assertThat(ours.options()).isEqualTo(kafka.getOptions());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                PLAIN + " required username=\"alice\" password=\"sEcReT-1\"",
                PLAIN + " username=\"alice\" password=\"sEcReT-1\";",
                PLAIN + " required username \"alice\" password=\"sEcReT-1\";",
                PLAIN + " required username= password=\"sEcReT-1\";",
                PLAIN + " required username=\"a\" password=\"sEcReT-1\"; " + PLAIN
                        + " required username=\"b\" password=\"c\";"
            })
    void rejectsWhatKafkaClientsRejectsWithoutShowingTheText(String text) {
        assertThatThrownBy(() -> kafkaEntry(text))
                .as("kafka-clients rejects it too")
                .isInstanceOf(RuntimeException.class);

        assertThatThrownBy(() -> JaasConfig.parse("sasl.jaas.config", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Invalid value [hidden] for configuration sasl.jaas.config: is not a valid JAAS login module entry")
                .message()
                .doesNotContain("sEcReT-1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"S3cr3t-pa55!\"|expected a control flag (required, requisite, sufficient or optional) after the login module",
                PLAIN + " required S3cr3t-pa55;|expected '=' after option 1",
                PLAIN + " required username=\"u\" S3cr3t-pa55 password=\"p\";|expected '=' after option 2",
                PLAIN + " required S3cr3t-pa55=x !;|expected an option name after option 1",
                PLAIN
                        + " required username=\"u\" password=;|option password has no value (quote values that are not plain words)",
                PLAIN + " required username=\"u\" password=\"S3cr3t-pa55!;|the entry must end with ';'",
            })
    void aParseErrorNamesThePositionNeverAToken(String text, String problem) {
        assertThatThrownBy(() -> JaasConfig.parse("sasl.jaas.config", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden] for configuration sasl.jaas.config: is not a valid JAAS login module"
                                + " entry: " + problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                PLAIN + "|" + PLAIN,
                "\"" + PLAIN + "\"|" + PLAIN,
                "com.example.CorpLoginModule|com.example.CorpLoginModule",
                "\"com.example.CorpLoginModule\"|",
                "\"S3cr3t-pa55!\"|",
                "S3cr3t.pa55|",
                "S3cr3t-pa55|",
            })
    void theLoginModuleIsShownOnlyWhenItCannotBeASecret(String module, String shown) {
        JaasConfig entry = JaasConfig.parse("sasl.jaas.config", module + " required username=\"u\" password=\"p\";");

        assertThat(entry.shownLoginModule()).isEqualTo(Optional.ofNullable(shown));
    }

    @Test
    void toStringNamesOptionsButNotValues() {
        JaasConfig config = JaasConfig.parse("k", PLAIN + " required username=\"alice\" password=\"sEcReT-1\";");

        assertThat(config.toString()).contains(PLAIN, "username", "password").doesNotContain("sEcReT-1", "alice");
        assertThat(JaasConfig.parse("k", "\"sEcReT-2\" required sEcReT-3=x;"))
                .hasToString("JaasConfig[(login module not shown) required, options [1]]");
    }

    private static AppConfigurationEntry kafkaEntry(String text) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                        Map.of("sasl.jaas.config", new Password(text)))
                .configurationEntries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static String flagName(AppConfigurationEntry.LoginModuleControlFlag flag) {
        // the JDK's flag prints as "LoginModuleControlFlag: required"
        return flag.toString()
                .substring(flag.toString().indexOf(':') + 1)
                .trim()
                .toLowerCase(Locale.ROOT);
    }
}
