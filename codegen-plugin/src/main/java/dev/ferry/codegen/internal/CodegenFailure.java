package dev.ferry.codegen.internal;

/**
 * A problem the user can fix (a bad schema, a bad parameter): the mojos report it as a build failure.
 * Every other exception escaping the plugin's logic is unexpected.
 */
public class CodegenFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodegenFailure(String message) {
        super(message);
    }

    public CodegenFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
