package dev.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderTest {

    @Test
    void comparesValueBytesNotArrayReferences() {
        assertThat(new Header("k", new byte[] {1, 2}))
                .isEqualTo(new Header("k", new byte[] {1, 2}))
                .hasSameHashCodeAs(new Header("k", new byte[] {1, 2}));
        assertThat(new Header("k", new byte[] {1})).isNotEqualTo(new Header("k", new byte[] {2}));
        assertThat(new Header("k", null)).isEqualTo(new Header("k", null));
    }

    @Test
    void ofEncodesUtf8AndToStringHidesValue() {
        assertThat(Header.of("k", "é").value()).containsExactly(0xc3 - 256, 0xa9 - 256);
        assertThat(Header.of("secret", "hunter2").toString())
                .doesNotContain("hunter2")
                .contains("7 bytes");
    }

    @Test
    void keyIsRequired() {
        assertThatThrownBy(() -> new Header(null, new byte[0])).isInstanceOf(NullPointerException.class);
    }
}
