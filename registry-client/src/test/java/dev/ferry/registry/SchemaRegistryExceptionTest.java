package dev.ferry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaRegistryExceptionTest {

    @ParameterizedTest(name = "HTTP {0} error_code {1}")
    @CsvSource({
        // status, code, incompatible, notFound, invalid, retriable
        "409, 409,   true,  false, false, false",
        "409, 40901, true,  false, false, false",
        "409, -1,    true,  false, false, false",
        "404, 40401, false, true,  false, false",
        "404, 40402, false, true,  false, false",
        "404, 40403, false, true,  false, false",
        "404, 40408, false, true,  false, false",
        "422, 42201, false, false, true,  false",
        "422, 42202, false, false, false, false",
        "422, 42203, false, false, false, false",
        "500, 50001, false, false, false, true",
        "500, 50002, false, false, false, true",
        "500, 50003, false, false, false, true",
        "502, -1,    false, false, false, true",
        "503, -1,    false, false, false, true",
        "408, -1,    false, false, false, true",
        "429, -1,    false, false, false, true",
        "0,   -1,    false, false, false, true",
        "401, 401,   false, false, false, false",
        "403, 40301, false, false, false, false",
        "200, -1,    false, false, false, false",
    })
    void predicates(int status, int code, boolean incompatible, boolean notFound, boolean invalid, boolean retriable) {
        SchemaRegistryException e = new SchemaRegistryException("GET /x", status, code, "m", null);

        assertThat(e.isIncompatible()).isEqualTo(incompatible);
        assertThat(e.isNotFound()).isEqualTo(notFound);
        assertThat(e.isInvalidSchema()).isEqualTo(invalid);
        assertThat(e.isRetriable()).isEqualTo(retriable);
    }

    @org.junit.jupiter.api.Test
    void messageNamesRequestStatusCodeAndServerMessage() {
        SchemaRegistryException e = new SchemaRegistryException(
                "POST /subjects/orders-value/versions", 409, 40901, "Schema being registered is incompatible", null);

        assertThat(e)
                .hasMessage("Schema registry POST /subjects/orders-value/versions failed: HTTP 409, "
                        + "error_code 40901: Schema being registered is incompatible");
        assertThat(e.request()).isEqualTo("POST /subjects/orders-value/versions");
        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(40901);
        assertThat(e.serverMessage()).isEqualTo("Schema being registered is incompatible");
        assertThat(new SchemaRegistryException("GET /schemas/ids/1", 0, -1, "connection refused", null))
                .hasMessage("Schema registry GET /schemas/ids/1 failed: no response: connection refused");
    }
}
