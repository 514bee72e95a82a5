package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Utf8Test {

    static Stream<String> strings() {
        Random random = new Random(5);
        Stream<String> fixed = Stream.of(
                "", "plain", "äöü", "€", "\uD83D\uDE00", "\uD83D", "\uDE00x", "a\uD83Db", "\u07FF\u0800\uFFFF");
        Stream<String> generated = Stream.generate(() -> {
                    char[] chars = new char[random.nextInt(20)];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = random.nextInt(3) == 0
                                ? (char) (0xD800 + random.nextInt(0x800))
                                : (char) random.nextInt(0x10000);
                    }
                    return new String(chars);
                })
                .limit(2000);
        return Stream.concat(fixed, generated);
    }

    @ParameterizedTest
    @MethodSource("strings")
    void encodesExactlyLikeTheJdk(String s) {
        byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
        byte[] ours = new byte[2 + s.length() * 4];

        int end = Utf8.write(s, ours, 2);

        assertThat(Utf8.encodedLength(s)).isEqualTo(jdk.length).isEqualTo(end - 2);
        assertThat(java.util.Arrays.copyOfRange(ours, 2, end)).isEqualTo(jdk);
    }
}
