package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.registry.Schema;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bytes} defaults with quotes, a backslash and bytes outside printable ASCII, held against
 * protoc: the descriptor keeps them C-escaped as protoc does, and every text Ferry prints compiles
 * back with protoc to the same default bytes.
 */
class BytesDefaultTest {

    private static final String SOURCE = """
            syntax = "proto2";
            package p;
            message M {
              optional bytes raw = 1 [default = "\\001\\"q'\\\\\\377x\\n\\a\\x7f\\t"];
              optional string text = 2 [default = "say \\"hi\\""];
            }
            """;

    @TempDir
    Path work;

    @Test
    void aDescriptorsBytesDefaultIsPrintedAsProtocReadsItBack() throws Exception {
        FileDescriptor protoc = protoc(SOURCE);
        ByteString expected = (ByteString)
                protoc.findMessageTypeByName("M").findFieldByName("raw").getDefaultValue();
        assertThat(expected.toByteArray())
                .containsExactly(0x01, '"', 'q', '\'', '\\', 0xff, 'x', '\n', 0x07, 0x7f, '\t');

        String text = ProtoFiles.text(protoc);

        assertThat(text)
                .contains("default = \""
                        + protoc.toProto().getMessageType(0).getField(0).getDefaultValue() + "\",\n");
        assertThat(defaultOf(protoc(text))).isEqualTo(expected);
    }

    @Test
    void aParsedBytesDefaultIsKeptAsProtocKeepsIt() throws Exception {
        FileDescriptor protoc = protoc(SOURCE);

        FileDescriptor parsed = ProtoFiles.build("m.proto", SOURCE, Map.of());
        String canonical =
                new ProtobufFormat().parse(Schema.protobuf(SOURCE), Map.of()).canonical();

        assertThat(parsed.toProto().getMessageType(0).getField(0).getDefaultValue())
                .isEqualTo(protoc.toProto().getMessageType(0).getField(0).getDefaultValue());
        assertThat(defaultOf(parsed)).isEqualTo(defaultOf(protoc));
        assertThat(defaultOf(protoc(canonical))).isEqualTo(defaultOf(protoc));
        assertThat(parsed.findMessageTypeByName("M").findFieldByName("text").getDefaultValue())
                .isEqualTo("say \"hi\"");
    }

    private static ByteString defaultOf(FileDescriptor file) {
        return (ByteString)
                file.findMessageTypeByName("M").findFieldByName("raw").getDefaultValue();
    }

    private FileDescriptor protoc(String text) throws Exception {
        Path protoc = work.resolve("protoc.exe");
        if (!Files.exists(protoc)) {
            Files.copy(Path.of(System.getProperty("ferry.test.protoc")), protoc);
            assertThat(protoc.toFile().setExecutable(true)).isTrue();
        }
        Path source = Files.writeString(Files.createTempFile(work, "m", ".proto"), text);
        Path out = work.resolve("set.pb");
        Process process = new ProcessBuilder(
                        protoc.toString(),
                        "-I",
                        work.toString(),
                        "--descriptor_set_out=" + out,
                        source.getFileName().toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        FileDescriptorProto proto =
                FileDescriptorSet.parseFrom(Files.readAllBytes(out)).getFile(0);
        return FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
    }
}
