package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ApiVersions (key 18), v0-v5: which versions of which APIs a broker speaks, and from v3 on its
 * supported and finalized features (such as {@code transaction.version}).
 */
public final class ApiVersions {
    private ApiVersions() {}

    /** {@code clusterId} and {@code nodeId} are sent from v5 on (null / -1 when unknown). */
    public record Request(String clientSoftwareName, String clientSoftwareVersion, String clusterId, int nodeId)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            if (version >= 3) {
                w.writeString("clientSoftwareName", clientSoftwareName, true);
                w.writeString("clientSoftwareVersion", clientSoftwareVersion, true);
                if (version >= 5) {
                    w.writeNullableString("clusterId", clusterId, true);
                    w.writeInt32(nodeId);
                }
                w.writeEmptyTaggedFields();
            }
        }

        /**
         * A broker that does not speak the requested version answers UNSUPPORTED_VERSION in the v0
         * layout (listing its own ranges), so that error code switches the decoder to v0.
         */
        @Override
        public Response readResponse(ProtocolReader reader, short version) {
            ByteBuffer buffer = reader.buffer();
            boolean fallBack = buffer.remaining() >= 2
                    && buffer.getShort(buffer.position()) == ErrorCode.UNSUPPORTED_VERSION.code();
            return Response.read(reader, fallBack ? (short) 0 : version);
        }
    }

    public record ApiVersionRange(short apiKey, short minVersion, short maxVersion) {}

    public record SupportedFeature(String name, short minVersion, short maxVersion) {}

    public record FinalizedFeature(String name, short maxVersionLevel, short minVersionLevel) {}

    public record Response(
            short errorCode,
            List<ApiVersionRange> apiKeys,
            int throttleTimeMs,
            List<SupportedFeature> supportedFeatures,
            long finalizedFeaturesEpoch,
            List<FinalizedFeature> finalizedFeatures,
            boolean zkMigrationReady)
            implements ThrottledResponse {

        /** Reads a response of exactly {@code version}; {@link Request#readResponse} also handles the v0 fallback. */
        public static Response read(ProtocolReader r, short version) {
            boolean flexible = version >= 3;
            short errorCode = r.readInt16("errorCode");
            List<ApiVersionRange> apiKeys = r.readArray("apiKeys", flexible, e -> {
                ApiVersionRange range = new ApiVersionRange(
                        e.readInt16("apiKeys.apiKey"),
                        e.readInt16("apiKeys.minVersion"),
                        e.readInt16("apiKeys.maxVersion"));
                if (flexible) {
                    e.skipTaggedFields("apiKeys");
                }
                return range;
            });
            int throttleTimeMs = version >= 1 ? r.readInt32("throttleTimeMs") : 0;
            Tagged tagged = new Tagged();
            if (flexible) {
                r.readTaggedFields("ApiVersionsResponse", tagged::read);
            }
            return new Response(
                    errorCode,
                    apiKeys,
                    throttleTimeMs,
                    tagged.supportedFeatures,
                    tagged.finalizedFeaturesEpoch,
                    tagged.finalizedFeatures,
                    tagged.zkMigrationReady);
        }
    }

    private static final class Tagged {
        List<SupportedFeature> supportedFeatures = List.of();
        long finalizedFeaturesEpoch = -1L;
        List<FinalizedFeature> finalizedFeatures = List.of();
        boolean zkMigrationReady;

        void read(int tag, ProtocolReader r) {
            switch (tag) {
                case 0:
                    supportedFeatures = r.readArray("supportedFeatures", true, e -> {
                        SupportedFeature feature = new SupportedFeature(
                                e.readString("supportedFeatures.name", true),
                                e.readInt16("supportedFeatures.minVersion"),
                                e.readInt16("supportedFeatures.maxVersion"));
                        e.skipTaggedFields("supportedFeatures");
                        return feature;
                    });
                    break;
                case 1:
                    finalizedFeaturesEpoch = r.readInt64("finalizedFeaturesEpoch");
                    break;
                case 2:
                    finalizedFeatures = r.readArray("finalizedFeatures", true, e -> {
                        FinalizedFeature feature = new FinalizedFeature(
                                e.readString("finalizedFeatures.name", true),
                                e.readInt16("finalizedFeatures.maxVersionLevel"),
                                e.readInt16("finalizedFeatures.minVersionLevel"));
                        e.skipTaggedFields("finalizedFeatures");
                        return feature;
                    });
                    break;
                case 3:
                    zkMigrationReady = r.readBoolean("zkMigrationReady");
                    break;
                default:
                    break;
            }
        }
    }
}
