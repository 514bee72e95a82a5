package dev.ferry.examples.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NullClientRunTest {
    private static final int RECORDS = 5000;

    @Test
    void aPayloadFileRunSendsItsPiecesAndAcknowledgesEveryRecord(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("payloads.jsonl"), "{\"a\":1}\n{\"bb\":22}\n{\"ccc\":333}\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PerfOptions options = PerfOptions.parse(new String[] {
            "--topic",
            "perf-file",
            "--num-records",
            Integer.toString(RECORDS),
            "--payload-file",
            file.toString(),
            "--throughput",
            "-1",
            "--client",
            "null"
        });

        boolean allAcknowledged = new FerryPerf(options, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(allAcknowledged).isTrue();
        assertThat(lines.stream().map(RunResult::parse).filter(Objects::nonNull))
                .singleElement()
                .satisfies(result -> assertThat(result.acknowledged()).isEqualTo(RECORDS));
    }

    @Test
    void nullClientAcknowledgesEveryRecordThroughTheToolsOwnPathWithoutABroker() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PerfOptions options = PerfOptions.parse(
                PerfArgs.of("perf-null", RECORDS, 100, -1, "--client", "null").toArray(String[]::new));

        boolean allAcknowledged = new FerryPerf(options, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(allAcknowledged).isTrue();
        assertThat(lines).noneMatch(line -> line.startsWith("embedded Kafka broker"));
        assertThat(PerfLines.matching(lines, PerfLines.TOTAL))
                .singleElement()
                .satisfies(total -> assertThat(total.group(1)).isEqualTo(Integer.toString(RECORDS)));
        assertThat(lines.stream().map(RunResult::parse).filter(Objects::nonNull))
                .singleElement()
                .satisfies(result -> {
                    assertThat(result.client()).isEqualTo(PerfClient.NULL);
                    assertThat(result.acknowledged()).isEqualTo(RECORDS);
                    assertThat(result.failed()).isZero();
                    assertThat(result.cpuNanos()).isPositive();
                });
    }
}
