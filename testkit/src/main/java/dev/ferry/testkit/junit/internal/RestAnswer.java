package dev.ferry.testkit.junit.internal;

/** An HTTP answer of the registry: status and JSON body. */
public record RestAnswer(int status, String body) {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** A Confluent error body: {@code {"error_code":40401,"message":"..."}}. */
    public static RestAnswer error(int status, int errorCode, String message) {
        return new RestAnswer(
                status,
                ConfluentRestApi.MAPPER
                        .createObjectNode()
                        .put("error_code", errorCode)
                        .put("message", message)
                        .toString());
    }
}
