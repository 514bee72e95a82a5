package dev.ferry.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import kafka.tools.StorageTool;

/** Formats a node's log directory the way {@code kafka-storage.sh format} does. */
public final class StorageFormatter {
    private StorageFormatter() {}

    /** @param extraArguments further storage tool arguments, such as {@code --add-scram} */
    public static void format(NodeSpec spec, String clusterId, int transactionVersion, List<String> extraArguments) {
        writeProperties(spec);
        List<String> args = new ArrayList<>(
                List.of("format", "-t", clusterId, "-c", spec.propertiesFile().toString()));
        args.add("--feature");
        args.add("transaction.version=" + transactionVersion);
        args.addAll(extraArguments);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code =
                StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            // the storage tool echoes no arguments, so SCRAM passwords do not reach this message
            throw new IllegalStateException("formatting node " + spec.nodeId() + " failed with exit code " + code + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void writeProperties(NodeSpec spec) {
        try {
            Files.createDirectories(spec.logDir());
            try (OutputStream out = Files.newOutputStream(spec.propertiesFile())) {
                spec.properties().store(out, "node " + spec.nodeId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec.propertiesFile(), e);
        }
    }
}
