package dev.ferry.codegen.internal.protobuf;

import dev.ferry.codegen.internal.SchemaProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * protoc's output sorted into errors with their position, warnings, and lines about no file in
 * particular.
 */
public record ProtocReport(List<SchemaProblem> errors, List<String> warnings, List<String> otherLines) {
    // A path holds no ':' but may start with a Windows drive; this keeps protoc's prose apart.
    private static final String FILE = "((?:[A-Za-z]:)?[^:]+?\\.proto)";
    private static final Pattern POSITIONED = Pattern.compile("^" + FILE + ":(\\d+):(\\d+): (.*)$");
    private static final Pattern FILE_ONLY = Pattern.compile("^" + FILE + ": (.*)$");

    public ProtocReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        otherLines = List.copyOf(otherLines);
    }

    /**
     * @param resolve maps a path as protoc printed it to the file (protoc prints disk paths when its
     *     proto paths are absolute, and virtual paths for files it did not find)
     */
    public static ProtocReport parse(String output, java.util.function.Function<String, Path> resolve) {
        List<SchemaProblem> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher positioned = POSITIONED.matcher(line);
            Matcher fileOnly = FILE_ONLY.matcher(line);
            if (line.contains(": warning: ")) {
                warnings.add(line);
            } else if (positioned.matches()) {
                errors.add(new SchemaProblem(
                        resolve.apply(positioned.group(1)),
                        Integer.parseInt(positioned.group(2)),
                        Integer.parseInt(positioned.group(3)),
                        positioned.group(4)));
            } else if (fileOnly.matches()) {
                errors.add(new SchemaProblem(resolve.apply(fileOnly.group(1)), 0, 0, fileOnly.group(2)));
            } else {
                other.add(line);
            }
        }
        return new ProtocReport(errors, warnings, other);
    }
}
