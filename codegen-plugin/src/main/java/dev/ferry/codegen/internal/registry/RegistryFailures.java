package dev.ferry.codegen.internal.registry;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.SchemaRegistryException;

/**
 * Sorts registry errors: an answer refusing the request (a bad or incompatible schema, a missing
 * subject, no permission) is the user's to fix; no answer or a server error is not, and stays a
 * {@link SchemaRegistryException}.
 */
final class RegistryFailures {

    private RegistryFailures() {}

    static RuntimeException of(SubjectSpec spec, SchemaRegistryException e) {
        if (e.isRetriable()) {
            return e;
        }
        String why = e.isIncompatible()
                ? "the registry refuses it as incompatible with the subject's earlier versions"
                : e.isInvalidSchema()
                        ? "the registry refuses it as an invalid schema"
                        : e.httpStatus() == 401 || e.httpStatus() == 403
                                ? "the registry refuses the credentials"
                                : "the registry refuses the request";
        return new CodegenFailure(
                "subject '" + spec.subject() + "' (" + spec.file() + "): " + why + ": " + e.getMessage(), e);
    }
}
