package dev.ferry.testkit.junit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.ferry.registry.SchemaRegistryException;

/**
 * The WireMock extension behind the registry's catch-all stub: applies the test's faults, then
 * answers with {@link ConfluentRestApi}. Faults and delays are WireMock's own (a transformed
 * response definition), so they behave on the wire as WireMock's documented faults do.
 */
public final class RegistryResponder implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "ferry-schema-registry";

    private final ConfluentRestApi api;
    private final RegistryFaults faults;

    public RegistryResponder(ConfluentRestApi api, RegistryFaults faults) {
        this.api = api;
        this.faults = faults;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition();
        long delayMillis = faults.delay().toMillis();
        if (delayMillis > 0) {
            response.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
        }
        switch (faults.outage()) {
            case CONNECTION_RESET:
                return response.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case UNAUTHORIZED:
                return json(response, RestAnswer.error(401, 40101, "Unauthorized"));
            case NONE:
            default:
                break;
        }
        int failure = faults.takeFailure();
        if (failure != 0) {
            return json(
                    response,
                    RestAnswer.error(
                            failure,
                            errorCodeOf(failure),
                            "Error in the backend data store (failure injected by the test)"));
        }
        Request request = serveEvent.getRequest();
        RestCall call = RestCall.of(request.getMethod().getName(), request.getUrl(), request.getBodyAsString());
        return json(response, api.answer(call));
    }

    private static int errorCodeOf(int status) {
        return switch (status) {
            case 500 -> SchemaRegistryException.STORE_ERROR;
            case 504 -> SchemaRegistryException.OPERATION_TIMEOUT;
            case 502, 503 -> SchemaRegistryException.FORWARDING_ERROR;
            default -> status;
        };
    }

    private static ResponseDefinition json(ResponseDefinitionBuilder response, RestAnswer answer) {
        return response.withStatus(answer.status())
                .withHeader("Content-Type", RestAnswer.CONTENT_TYPE)
                .withBody(answer.body())
                .build();
    }
}
