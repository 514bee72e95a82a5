package dev.ferry.examples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfOptionsTest {
    private static final List<String> REQUIRED =
            List.of("--topic", "t", "--num-records", "10", "--record-size", "100", "--throughput", "-1");

    private static PerfOptions parse(String... extra) {
        List<String> args = new java.util.ArrayList<>(REQUIRED);
        args.addAll(List.of(extra));
        return PerfOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void producerPropsTakeEveryPairUpToTheNextFlagAndOverrideTheConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "acks=1\nlinger.ms=100\n");

        PerfOptions options = parse(
                "--producer.config",
                file.toString(),
                "--producer-props",
                "acks=all",
                "batch.size=65536",
                "--client",
                "kafka-clients");

        Properties properties = options.producerProperties();
        assertThat(properties)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", "100")
                .containsEntry("batch.size", "65536")
                .containsEntry("client.id", "perf-producer-client");
        assertThat(options.client()).isEqualTo(PerfClient.KAFKA_CLIENTS);
        assertThat(options.configuredBootstrap()).isNull();
    }

    @Test
    void aPayloadFileReplacesTheRecordSizeAndGoesToEveryChildRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("payloads.txt");
        Files.writeString(file, "a|bb|ccc");

        PerfOptions options = PerfOptions.parse(new String[] {
            "--topic",
            "t",
            "--num-records",
            "10",
            "--payload-file",
            file.toString(),
            "--payload-delimiter",
            "\\|",
            "--throughput",
            "-1"
        });

        assertThat(options.payloadFile()).isEqualTo(file);
        assertThat(options.recordSize()).isZero();
        assertThat(options.childArguments(PerfClient.FERRY, 5, "localhost:9092"))
                .containsSequence("--payload-file", file.toAbsolutePath().toString(), "--payload-delimiter", "\\|")
                .doesNotContain("--record-size");
        assertThat(parse().childArguments(PerfClient.FERRY, 5, "localhost:9092"))
                .containsSequence("--record-size", "100")
                .doesNotContain("--payload-file");
    }

    @Test
    void exactlyOneOfRecordSizeAndPayloadFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("payloads.txt"), "a\nb\n");

        assertThatThrownBy(() -> parse("--payload-file", file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("give exactly one of --record-size and --payload-file");
        assertThatThrownBy(() ->
                        PerfOptions.parse(new String[] {"--topic", "t", "--num-records", "1", "--throughput", "1"}))
                .hasMessage("give exactly one of --record-size and --payload-file");
        assertThatThrownBy(() -> PerfOptions.parse(new String[] {
                    "--topic", "t", "--num-records", "1", "--throughput", "1", "--payload-file", dir.toString()
                }))
                .hasMessage("--payload-file " + dir + " is not a file");
    }

    @Test
    void defaultsAreFerryThreePartitionsAndAQuarterOfTheRecordsAsWarmUp() {
        PerfOptions options = parse();

        assertThat(options.client()).isEqualTo(PerfClient.FERRY);
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.compareRuns()).isZero();
        assertThat(options.compareWarmupRecords()).isEqualTo(2);
    }

    @Test
    void bootstrapServerFlagWinsOverTheProperty() {
        PerfOptions options = parse("--producer-props", "bootstrap.servers=a:1", "--bootstrap-server", "b:2");

        assertThat(options.configuredBootstrap()).isEqualTo("b:2");
    }

    @Test
    void childArgumentsReproduceTheRunForOneClient() {
        PerfOptions options = parse("--producer-props", "acks=all", "--compare", "3");

        PerfOptions child = PerfOptions.parse(
                options.childArguments(PerfClient.KAFKA_CLIENTS, 5, "h:9").toArray(String[]::new));

        assertThat(child.client()).isEqualTo(PerfClient.KAFKA_CLIENTS);
        assertThat(child.numRecords()).isEqualTo(5);
        assertThat(child.configuredBootstrap()).isEqualTo("h:9");
        assertThat(child.producerProperties()).containsEntry("acks", "all");
        assertThat(child.compareRuns()).isZero();
        assertThat(child.childRun()).isTrue();
    }

    @Test
    void windowCpuIsOffUnlessAskedForAndGoesToEveryChildRun() {
        assertThat(parse().printWindowCpu()).isFalse();
        assertThat(parse().childArguments(PerfClient.FERRY, 5, "h:9")).doesNotContain("--print-window-cpu");

        PerfOptions options = parse("--print-window-cpu", "--compare", "2");
        PerfOptions child = PerfOptions.parse(
                options.childArguments(PerfClient.FERRY, 5, "h:9").toArray(String[]::new));

        assertThat(options.printWindowCpu()).isTrue();
        assertThat(child.printWindowCpu()).isTrue();
    }

    @Test
    void rejectsMissingAndMalformedOptionsNamingThem() {
        assertThatThrownBy(() -> PerfOptions.parse(new String[] {"--topic", "t"}))
                .hasMessage("missing required option --num-records");
        assertThatThrownBy(() -> parse("--producer-props", "acks"))
                .hasMessage("--producer-props takes KEY=VALUE pairs, got 'acks'");
        assertThatThrownBy(() -> parse("--client", "librdkafka"))
                .hasMessage("--client must be one of ferry, kafka-clients, null, was 'librdkafka'");
        assertThatThrownBy(() -> parse("--compare", "0")).hasMessage("--compare must be greater than zero");
        assertThatThrownBy(() -> parse("--throughput", "0"))
                .hasMessage("--throughput must be a positive number of records per second, or -1 for no limit");
        assertThatThrownBy(() -> parse("--bogus")).hasMessage("unknown option --bogus");
    }
}
