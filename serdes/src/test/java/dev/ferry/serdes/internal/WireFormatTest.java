package dev.ferry.serdes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.SerializationException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 00", "1, 0202", "'1,0', 040200", "'0,0', 040000", "'2,3,64', 06040680 01"})
    void indexesAreZigzagVarintsWithIndexZeroAsOneByte(String path, String expectedHex) {
        int[] indexes = java.util.Arrays.stream(path.split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        String expected = expectedHex.replace(" ", "");
        byte[] frame = new byte[5 + WireFormat.indexesSize(indexes)];
        WireFormat.writeHeader(frame, 258);

        int end = WireFormat.writeIndexes(frame, 5, indexes);

        assertThat(end).isEqualTo(frame.length);
        assertThat(HEX.formatHex(frame)).isEqualTo("0000000102" + expected);
        assertThat(WireFormat.indexesEnd(frame, "t", false)).isEqualTo(frame.length);
        assertThat(path(frame)).containsExactly(indexes);
    }

    @Test
    void theLongFormOfIndexZeroIsRead() {
        byte[] frame = HEX.parseHex("00000000010200ff");

        assertThat(WireFormat.indexesEnd(frame, "t", false)).isEqualTo(7);
        assertThat(path(frame)).containsExactly(0);
    }

    /** The index path of a checked list, with the count 0 standing for [0]. */
    private static int[] path(byte[] frame) {
        int count = WireFormat.indexCount(frame);
        return count == 0
                ? new int[] {0}
                : java.util.stream.IntStream.range(0, count)
                        .map(i -> WireFormat.index(frame, i))
                        .toArray();
    }

    @Test
    void idIsBigEndian() {
        assertThat(WireFormat.readSchemaId(HEX.parseHex("007fffffff"), "t", false))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(WireFormat.readSchemaId(HEX.parseHex("0000000100aa"), "t", false))
                .isEqualTo(256);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                       | empty frame, expected magic byte 0x00 at byte 0",
                "02000000010a             | unknown magic byte 0x02 at byte 0, expected 0x00 (schema id) or 0x01 (schema GUID) (not in the Confluent wire format)",
                "000000                   | truncated frame of 3 bytes, the schema id needs bytes 1 to 4"
            })
    void headerErrorsSayWhatAndWhere(String hex, String message) {
        assertThatThrownBy(() -> WireFormat.readSchemaId(HEX.parseHex(hex), "orders", false))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders': " + message);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0000000001               | truncated frame of 5 bytes, message index count starting at byte 5 is incomplete",
                "000000000104             | truncated frame of 6 bytes, message index 0 starting at byte 6 is incomplete",
                "000000000180             | truncated frame of 6 bytes, message index count starting at byte 5 is incomplete",
                "0000000001ffffffffff01   | malformed varint for message index count at byte 5, longer than 5 bytes",
                "000000000101             | malformed message index count -1 at byte 5, allowed 0 to 1024",
                "00000000010201           | malformed message index -1 at byte 6, indexes are never negative",
                "0000000001feffffff0f     | malformed message index count 2147483647 at byte 5, allowed 0 to 1024"
            })
    void indexErrorsSayWhatAndWhere(String hex, String message) {
        assertThatThrownBy(() -> WireFormat.indexesEnd(HEX.parseHex(hex), "orders", false))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders': " + message);
    }
}
