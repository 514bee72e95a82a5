package dev.ferry.testkit.junit;

/**
 * The Confluent Schema Registry REST endpoints a {@link WireMockSchemaRegistry} serves, for counting
 * requests with {@link WireMockSchemaRegistry#requestCount(RegistryEndpoint)}.
 *
 * <pre>{@code
 * assertThat(registry.requestCount(RegistryEndpoint.REGISTER)).isEqualTo(1);   // the client cached the id
 * }</pre>
 */
public enum RegistryEndpoint {
    /** {@code POST /subjects/{subject}/versions}: register a schema. */
    REGISTER,
    /** {@code POST /subjects/{subject}}: look up a schema's id and version under a subject. */
    LOOKUP,
    /** {@code GET /schemas/ids/{id}}: a schema by id (what deserializers ask). */
    SCHEMA_BY_ID,
    /** {@code GET /schemas/guids/{guid}}: a schema by GUID (what deserializers ask for a header-framed record). */
    SCHEMA_BY_GUID,
    /** {@code GET /subjects}. */
    SUBJECTS,
    /** {@code GET /subjects/{subject}/versions}. */
    VERSIONS,
    /** {@code GET /subjects/{subject}/versions/{version}} with a version number. */
    VERSION,
    /** {@code GET /subjects/{subject}/versions/latest}. */
    LATEST,
    /** {@code DELETE /subjects/{subject}}. */
    DELETE_SUBJECT,
    /** {@code DELETE /subjects/{subject}/versions/{version}}. */
    DELETE_VERSION,
    /** {@code POST /compatibility/subjects/{subject}/versions[/{version|latest}]}. */
    COMPATIBILITY_CHECK,
    /** {@code GET /config} or {@code GET /config/{subject}}. */
    GET_CONFIG,
    /** {@code PUT /config} or {@code PUT /config/{subject}}. */
    PUT_CONFIG,
    /** {@code DELETE /config/{subject}}. */
    DELETE_CONFIG,
    /** {@code GET /mode} or {@code GET /mode/{subject}}. */
    GET_MODE,
    /** {@code PUT /mode} or {@code PUT /mode/{subject}}. */
    PUT_MODE,
    /** Anything else: answered 404 with error_code 404, as a Confluent server does. */
    UNKNOWN
}
