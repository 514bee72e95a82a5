package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.junit.jupiter.api.Test;

class SaslAuthenticateTest {
    @EveryVersionOf(ApiKey.SASL_AUTHENTICATE)
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        byte[] secret = "\0user\0pa55word".getBytes(StandardCharsets.UTF_8);
        SaslAuthenticate.Request request = new SaslAuthenticate.Request(secret);

        assertThat(decodedByKafka(request, version, SaslAuthenticateRequestData::new)
                        .authBytes())
                .isEqualTo(secret);

        SaslAuthenticateResponseData data = new SaslAuthenticateResponseData()
                .setErrorCode((short) 58)
                .setErrorMessage("Authentication failed")
                .setAuthBytes(new byte[] {1, 2})
                .setSessionLifetimeMs(version >= 1 ? 3600L : 0L);
        SaslAuthenticate.Response response = request.readResponse(encodeKafka(data, version, version >= 2), version);
        assertThat(response.errorCode()).isEqualTo((short) 58);
        assertThat(response.errorMessage()).isEqualTo("Authentication failed");
        assertThat(response.authBytes()).containsExactly(1, 2);
        assertThat(response.sessionLifetimeMs()).isEqualTo(version >= 1 ? 3600L : 0L);
    }

    @Test
    void toStringNeverShowsTheAuthBytes() {
        SaslAuthenticate.Request request =
                new SaslAuthenticate.Request("\0user\0pa55word".getBytes(StandardCharsets.UTF_8));
        assertThat(request.toString()).doesNotContain("pa55word").doesNotContain("[B@");
    }
}
