package dev.ferry.producer.internal.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.provider.Arguments;

/** A record as the tests generate it, convertible to kafka-clients' header type. */
record TestRecord(long timestamp, byte[] key, byte[] value, RecordHeader[] headers) {

    Header[] kafkaHeaders() {
        Header[] kafka = new Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            kafka[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers[i].key(), headers[i].value());
        }
        return kafka;
    }

    /** Random records: null and empty keys/values, unicode header keys, timestamps going backwards too. */
    /** Every codec with seeds 1 to 8: the cases of a randomized round trip through a batch. */
    static Stream<Arguments> codecsAndSeeds() {
        List<Arguments> arguments = new ArrayList<>();
        for (BatchCodec type : BatchCodec.values()) {
            for (long seed = 1; seed <= 8; seed++) {
                arguments.add(Arguments.of(type, seed));
            }
        }
        return arguments.stream();
    }

    static List<TestRecord> random(Random random, int count, int maxValueSize) {
        List<TestRecord> records = new ArrayList<>();
        long base = 1_700_000_000_000L + random.nextInt(1_000_000);
        for (int i = 0; i < count; i++) {
            long timestamp = base + random.nextInt(200_000) - 50_000;
            byte[] key = random.nextInt(5) == 0 ? null : bytes(random, random.nextInt(40));
            byte[] value = random.nextInt(10) == 0 ? null : compressibleBytes(random, random.nextInt(maxValueSize + 1));
            RecordHeader[] headers = new RecordHeader[random.nextInt(4)];
            for (int h = 0; h < headers.length; h++) {
                String headerKey = random.nextBoolean() ? "h" + random.nextInt(100) : "ключ-\uD83D\uDE00-" + h;
                headers[h] =
                        new RecordHeader(headerKey, random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(20)));
            }
            records.add(new TestRecord(timestamp, key, value, headers));
        }
        return records;
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text-like bytes, so that codecs really compress and cross block boundaries differently. */
    static byte[] compressibleBytes(Random random, int size) {
        String alphabet = "abcdefghij {}\":,0123456789";
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) alphabet.charAt(random.nextInt(random.nextBoolean() ? 4 : alphabet.length()));
        }
        return bytes;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
