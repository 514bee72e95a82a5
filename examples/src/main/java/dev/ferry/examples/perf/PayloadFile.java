package dev.ferry.examples.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The values of {@code --payload-file}, as kafka-producer-perf-test takes them: the file read as
 * UTF-8 and split at {@code --payload-delimiter} (a regular expression, as there; default a
 * newline), each record one of the pieces picked at random from a fixed seed, so every run sends the
 * same sequence.
 *
 * <p>Not thread-safe: one per sending thread.
 */
final class PayloadFile {
    private final List<byte[]> payloads;
    private final SplittableRandom random = new SplittableRandom(0);

    private PayloadFile(List<byte[]> payloads) {
        this.payloads = payloads;
    }

    static PayloadFile read(Path file, String delimiter) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --payload-file " + file + ": " + e.getMessage(), e);
        }
        List<byte[]> payloads = new ArrayList<>();
        // String.split, as Kafka's tool: empty pieces between two delimiters stay, trailing ones go
        for (String piece : text.split(delimiter)) {
            payloads.add(piece.getBytes(StandardCharsets.UTF_8));
        }
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("--payload-file " + file + " holds no payload between the delimiters");
        }
        return new PayloadFile(List.copyOf(payloads));
    }

    /** The next record's value; the same array each time that payload is picked, as in Kafka's tool. */
    byte[] next() {
        return payloads.get(random.nextInt(payloads.size()));
    }

    int count() {
        return payloads.size();
    }
}
