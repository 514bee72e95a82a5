package dev.ferry.producer.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Password;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramServerCallbackHandler;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SCRAM client against RFC 7677's worked example and against kafka-clients' own SCRAM server. */
class ScramExchangeTest {

    private static SaslCredentials credentials(String user, String password) {
        return new SaslCredentials(user, new Password(password), false);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677ExampleMessagesAreReproducedExactly() {
        ScramExchange exchange =
                new ScramExchange(ScramHash.SHA_256, credentials("user", "pencil"), "rOprNGfwEbeRWgbNEkqO");

        assertThat(text(exchange.firstMessage())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = exchange.evaluate(
                ("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(text(clientFinal))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(exchange.evaluate("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8)))
                .as("complete")
                .isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ScramMechanism.class)
    void kafkasScramServerAcceptsOurProofAndWeAcceptItsSignature(ScramMechanism mechanism) throws Exception {
        ScramSaslServer server = kafkaServer(mechanism, "ali=ce,1", "s3cret-\u00fc");
        SaslExchange client = mechanismOf(mechanism).newExchange(credentials("ali=ce,1", "s3cret-\u00fc"));

        byte[] serverFirst = server.evaluateResponse(client.firstMessage());
        byte[] serverFinal = server.evaluateResponse(client.evaluate(serverFirst));

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("ali=ce,1");
        assertThat(client.evaluate(serverFinal)).isNull();
    }

    @Test
    void kafkasScramServerRefusesAWrongPassword() throws Exception {
        ScramSaslServer server = kafkaServer(ScramMechanism.SCRAM_SHA_512, "alice", "right");
        SaslExchange client = SaslMechanism.SCRAM_SHA_512.newExchange(credentials("alice", "wrong"));
        byte[] serverFirst = server.evaluateResponse(client.firstMessage());
        byte[] clientFinal = client.evaluate(serverFirst);

        assertThatThrownBy(() -> server.evaluateResponse(clientFinal))
                .isInstanceOf(javax.security.sasl.SaslException.class)
                .hasMessage("Invalid client credentials");
    }

    @Test
    void aServerSignatureMadeWithoutTheCredentialIsRefused() throws Exception {
        ScramSaslServer server = kafkaServer(ScramMechanism.SCRAM_SHA_256, "alice", "secret");
        SaslExchange client = SaslMechanism.SCRAM_SHA_256.newExchange(credentials("alice", "secret"));
        client.evaluate(server.evaluateResponse(client.firstMessage()));
        String forged = "v=" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> client.evaluate(forged.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SaslExchange.SaslFailure.class)
                .hasMessageContaining("server signature is wrong");
    }

    @Test
    void malformedOrWeakServerMessagesAreRefused() {
        assertThatThrownBy(() -> serverFirst("r=someone-else,s=AAAA,i=4096")).hasMessageContaining("nonce");
        assertThatThrownBy(() -> serverFirst("r=cnonceS,s=AAAA,i=1000")).hasMessageContaining("1000 SCRAM iterations");
        assertThatThrownBy(() -> serverFirst("r=cnonceS,s=!!,i=4096")).hasMessageContaining("salt is not base64");
        assertThatThrownBy(() -> serverFirst("m=ext,r=cnonceS,s=AAAA,i=4096"))
                .hasMessageContaining("mandatory extension");
        assertThatThrownBy(() -> serverFirst("garbage")).hasMessageContaining("malformed");
        ScramExchange exchange = new ScramExchange(ScramHash.SHA_256, credentials("u", "p"), "cnonce");
        exchange.firstMessage();
        exchange.evaluate("r=cnonceS,s=AAAA,i=4096".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> exchange.evaluate("e=invalid-proof".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("invalid-proof");
    }

    @Test
    void tokenAuthIsSentAsAnExtension() {
        ScramExchange exchange =
                new ScramExchange(ScramHash.SHA_512, new SaslCredentials("token-id", new Password("hmac"), true), "n1");

        assertThat(text(exchange.firstMessage())).isEqualTo("n,,n=token-id,r=n1,tokenauth=true");
    }

    @Test
    void plainSendsAuthorizationIdUserAndPassword() {
        SaslExchange plain = SaslMechanism.PLAIN.newExchange(credentials("alice", "pw"));

        assertThat(plain.firstMessage()).isEqualTo("\0alice\0pw".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.evaluate(new byte[0])).isNull();
    }

    private static void serverFirst(String message) {
        ScramExchange exchange = new ScramExchange(ScramHash.SHA_256, credentials("u", "p"), "cnonce");
        exchange.firstMessage();
        exchange.evaluate(message.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslMechanism mechanismOf(ScramMechanism mechanism) {
        return mechanism == ScramMechanism.SCRAM_SHA_256 ? SaslMechanism.SCRAM_SHA_256 : SaslMechanism.SCRAM_SHA_512;
    }

    private static ScramSaslServer kafkaServer(ScramMechanism mechanism, String user, String password)
            throws Exception {
        CredentialCache.Cache<ScramCredential> cache =
                new CredentialCache().createCache(mechanism.mechanismName(), ScramCredential.class);
        cache.put(user, new ScramFormatter(mechanism).generateCredential(password, 4096));
        return new ScramSaslServer(
                mechanism,
                Map.of(),
                new ScramServerCallbackHandler(cache, new DelegationTokenCache(ScramMechanism.mechanismNames())));
    }
}
