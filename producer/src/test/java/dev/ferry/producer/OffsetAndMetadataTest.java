package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OffsetAndMetadataTest {

    @Test
    void defaultsToNoEpochAndEmptyMetadata() {
        assertThat(new OffsetAndMetadata(5)).isEqualTo(new OffsetAndMetadata(5, Optional.empty(), ""));
        assertThat(new OffsetAndMetadata(5, "m").metadata()).isEqualTo("m");
    }

    @Test
    void rejectsNegativeOffset() {
        assertThatThrownBy(() -> new OffsetAndMetadata(-1)).hasMessageContaining("-1");
    }
}
