package dev.ferry.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.Password;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "broker:9092|broker:9092",
                "https://app:pw@registry:8081/apis|https://[hidden]@registry:8081/apis",
                "http://u:p@ss/w#rd@h:1|http://[hidden]@h:1",
                "http://u:pa,ss@h:1,http://h2:1|http://[hidden]@h:1,http://h2:1",
                "u:p@broker:9092|[hidden]@broker:9092",
                "https://registry:8081|https://registry:8081",
                "http://a:1@r1, http://r2:8081/x@y|http://[hidden]@r1, http://[hidden]@y",
                "mock://scope,https://u:p@reg|mock://scope,https://[hidden]@reg",
                "/home/u:p@h/trust.p12|[hidden]@h/trust.p12",
            })
    void userInfoIsHiddenUpToEachAt(String text, String shown) {
        assertThat(Redaction.withoutUserInfo(text)).isEqualTo(shown);
    }

    @Test
    void valuesThatMayHoldASecretAreHiddenWhole() {
        assertThat(List.of(
                        "password=pw",
                        "\"pw\"",
                        "a\nb",
                        "a\u202eb",
                        "-----BEGIN PRIVATE KEY----- MII",
                        "x".repeat(1001)))
                .allSatisfy(text -> {
                    assertThat(Redaction.value(text)).isEqualTo("[hidden]");
                    assertThat(Redaction.text(text)).isEqualTo("[hidden]");
                    assertThat(Redaction.quoted(text)).isEqualTo("[hidden]");
                });
        assertThat(Redaction.value("/etc/kafka/trust store.p12")).isEqualTo("/etc/kafka/trust store.p12");
    }

    @Test
    void quotedValuesAreQuotedTextsNumbersOrTypes() {
        assertThat(Redaction.quoted("abc")).isEqualTo("'abc'");
        assertThat(Redaction.quoted("http://u:pw@h:1")).isEqualTo("'http://[hidden]@h:1'");
        assertThat(Redaction.quoted(42L)).isEqualTo("42");
        assertThat(Redaction.quoted(null)).isEqualTo("null");
        assertThat(Redaction.quoted(List.of("a", 1))).isEqualTo("['a', 1]");
        assertThat(Redaction.quoted(new Password("pw"))).isEqualTo("[hidden]");
        assertThat(Redaction.quoted(new StringBuilder("pw"))).isEqualTo("(a StringBuilder)");
    }

    @Test
    void aUriSyntaxExceptionKeepsReasonAndPositionButNotTheUserInfo() {
        URISyntaxException raw = new URISyntaxException("http://u:pw@h:1/a b", "Illegal character in path", 17);
        URISyntaxException inUserInfo = new URISyntaxException("http://u:p%zz@h:1", "Malformed escape pair", 10);

        assertThat(Redaction.withoutUserInfo(raw))
                .hasMessage("Illegal character in path at index 21: http://[hidden]@h:1/a b");
        assertThat(Redaction.withoutUserInfo(inUserInfo))
                .hasMessage("Malformed escape pair at index 7: http://[hidden]@h:1");
    }

    @Test
    void secretKeysPasswordsAndObjectsAreNeverPrinted() {
        assertThat(Redaction.value("ssl.key.password", "pw")).isEqualTo("[hidden]");
        assertThat(Redaction.value("ssl.key.password", null)).isEqualTo("null");
        assertThat(Redaction.value("linger.ms", new Password("pw"))).isEqualTo("[hidden]");
        assertThat(Redaction.value("linger.ms", new StringBuilder("pw"))).isEqualTo("(a StringBuilder)");
        assertThat(Redaction.value("bootstrap.servers", List.of("a:1", "http://u:pw@b:2")))
                .isEqualTo("[a:1, http://[hidden]@b:2]");
        assertThat(Redaction.value(List.of("a:1", "http://u:pw", "w@b:2")))
                .as("a list split at a comma in a password")
                .isEqualTo("[a:1, a:1,http://[hidden]@b:2, a:1,http://[hidden]@b:2]");
    }

    @Test
    @Timeout(10)
    void hugeTextIsHandledInLinearTime() {
        String letters = "a".repeat(200_000);

        assertThat(Redaction.withoutUserInfo("http://" + letters + "@h:1")).isEqualTo("http://[hidden]@h:1");
        assertThat(Redaction.withoutUserInfo(letters + "://" + letters + "@h:1"))
                .isEqualTo(letters + "://[hidden]@h:1");
        assertThat(Redaction.withoutUserInfo("http://u@h,".repeat(50_000)))
                .startsWith("http://[hidden]@h,http://[hidden]@h,");
    }
}
