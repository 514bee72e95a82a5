package dev.ferry.codegen.internal.protobuf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files a .proto file imports, as written in its import statements. */
public final class ProtoImportScanner {
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^\\s*import\\s+(?:public\\s+|weak\\s+)?(?:\"([^\"]+)\"|'([^']+)')\\s*;");

    private ProtoImportScanner() {}

    public static List<String> imports(String content) {
        Matcher matcher = IMPORT.matcher(COMMENTS.matcher(content).replaceAll(" "));
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return found;
    }
}
