package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiVersionsTest {
    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.API_VERSIONS);
    }

    @EveryVersionOf(ApiKey.API_VERSIONS)
    void kafkaDecodesOurRequest(short version) {
        ApiVersions.Request request = new ApiVersions.Request("ferry", "0.1.0", version == 5 ? "cluster-x" : null, 3);

        ApiVersionsRequestData kafka = decodedByKafka(request, version, ApiVersionsRequestData::new);

        if (version >= 3) {
            assertThat(kafka.clientSoftwareName()).isEqualTo("ferry");
            assertThat(kafka.clientSoftwareVersion()).isEqualTo("0.1.0");
        }
        if (version >= 5) {
            assertThat(kafka.clusterId()).isEqualTo("cluster-x");
            assertThat(kafka.nodeId()).isEqualTo(3);
        }
    }

    @EveryVersionOf(ApiKey.API_VERSIONS)
    void weDecodeKafkasResponseIncludingFeatures(short version) {
        // given
        ApiVersionsResponseData data =
                new ApiVersionsResponseData().setErrorCode((short) 0).setThrottleTimeMs(5);
        data.apiKeys()
                .add(new ApiVersionsResponseData.ApiVersion()
                        .setApiKey((short) 0)
                        .setMinVersion((short) 3)
                        .setMaxVersion((short) 13));
        data.apiKeys()
                .add(new ApiVersionsResponseData.ApiVersion()
                        .setApiKey((short) 18)
                        .setMinVersion((short) 0)
                        .setMaxVersion((short) 5));
        if (version >= 3) {
            data.supportedFeatures()
                    .add(new ApiVersionsResponseData.SupportedFeatureKey()
                            .setName("transaction.version")
                            .setMinVersion((short) 0)
                            .setMaxVersion((short) 2));
            data.setFinalizedFeaturesEpoch(42L);
            data.finalizedFeatures()
                    .add(new ApiVersionsResponseData.FinalizedFeatureKey()
                            .setName("transaction.version")
                            .setMinVersionLevel((short) 2)
                            .setMaxVersionLevel((short) 2));
            data.setZkMigrationReady(true);
        }

        // when
        ApiVersions.Response response = ApiVersions.Response.read(encodeKafka(data, version, version >= 3), version);

        // then
        assertThat(response.errorCode()).isZero();
        assertThat(response.apiKeys())
                .containsExactly(
                        new ApiVersions.ApiVersionRange((short) 0, (short) 3, (short) 13),
                        new ApiVersions.ApiVersionRange((short) 18, (short) 0, (short) 5));
        assertThat(response.throttleTimeMs()).isEqualTo(version >= 1 ? 5 : 0);
        if (version >= 3) {
            assertThat(response.supportedFeatures())
                    .containsExactly(new ApiVersions.SupportedFeature("transaction.version", (short) 0, (short) 2));
            assertThat(response.finalizedFeaturesEpoch()).isEqualTo(42L);
            assertThat(response.finalizedFeatures())
                    .containsExactly(new ApiVersions.FinalizedFeature("transaction.version", (short) 2, (short) 2));
            assertThat(response.zkMigrationReady()).isTrue();
        } else {
            assertThat(response.supportedFeatures()).isEmpty();
            assertThat(response.finalizedFeaturesEpoch()).isEqualTo(-1L);
        }
    }

    @ParameterizedTest(name = "requested v{0}")
    @MethodSource("versions")
    void anUnsupportedVersionAnswerInTheV0LayoutIsReadAsV0(short version) {
        // given: what a broker sends when it does not know the requested version
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode((short) 35);
        data.apiKeys()
                .add(new ApiVersionsResponseData.ApiVersion()
                        .setApiKey((short) 18)
                        .setMinVersion((short) 0)
                        .setMaxVersion((short) 2));

        // when
        ApiVersions.Response response = new ApiVersions.Request("ferry", "0.1.0", null, -1)
                .readResponse(encodeKafka(data, (short) 0, false), version);

        // then
        assertThat(response.errorCode()).isEqualTo((short) 35);
        assertThat(response.apiKeys())
                .containsExactly(new ApiVersions.ApiVersionRange((short) 18, (short) 0, (short) 2));
    }
}
