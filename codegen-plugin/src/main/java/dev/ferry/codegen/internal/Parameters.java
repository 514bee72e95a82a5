package dev.ferry.codegen.internal;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks of mojo parameters, each failing with the parameter's name, its value and what is allowed. */
public final class Parameters {
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*(-[A-Za-z0-9.]+)?");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private Parameters() {}

    /** The constant of {@code type} named {@code value}, compared without regard to case. */
    public static <E extends Enum<E>> E oneOf(String parameter, String value, Class<E> type) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants)
                .filter(c -> c.name().equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst()
                .orElseThrow(() -> new CodegenFailure(parameter + " is '" + value + "': allowed values are "
                        + Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "))));
    }

    public static String version(String parameter, String value) {
        if (value == null || !VERSION.matcher(value.strip()).matches()) {
            throw new CodegenFailure(parameter + " is '" + value + "': expected a version such as 4.36.2");
        }
        return value.strip();
    }

    public static String className(String parameter, String value) {
        if (value == null || !CLASS_NAME.matcher(value.strip()).matches()) {
            throw new CodegenFailure(parameter + " contains '" + value
                    + "': expected a fully qualified class name such as com.example.MoneyConversion");
        }
        return value.strip();
    }
}
