package dev.ferry.examples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadFileTest {

    @Test
    void everyPieceBetweenDelimitersIsSentAndPickedAtRandomInTheSameOrderEveryRun(@TempDir Path dir)
            throws IOException {
        // given: as String.split in kafka-producer-perf-test, an empty piece inside stays, the trailing ones go
        Path file = Files.writeString(
                dir.resolve("payloads.txt"), "{\"a\":1}\n\nünï\n{\"c\":3}\n\n", StandardCharsets.UTF_8);

        // when
        PayloadFile first = PayloadFile.read(file, "\n");
        PayloadFile second = PayloadFile.read(file, "\n");
        Map<String, Integer> picked = new HashMap<>();
        List<String> firstSequence = new ArrayList<>();
        List<String> secondSequence = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String payload = new String(first.next(), StandardCharsets.UTF_8);
            firstSequence.add(payload);
            secondSequence.add(new String(second.next(), StandardCharsets.UTF_8));
            picked.merge(payload, 1, Integer::sum);
        }

        // then
        assertThat(first.count()).isEqualTo(4);
        assertThat(secondSequence).isEqualTo(firstSequence);
        assertThat(picked).containsOnlyKeys("{\"a\":1}", "", "ünï", "{\"c\":3}");
        assertThat(picked.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void aFileWithNothingButDelimitersIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("empty.txt"), "\n\n\n");

        assertThatThrownBy(() -> PayloadFile.read(file, "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--payload-file " + file + " holds no payload between the delimiters");
    }
}
