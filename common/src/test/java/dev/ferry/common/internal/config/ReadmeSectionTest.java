package dev.ferry.common.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadmeSectionTest {
    private static final String DOCUMENT = "prose\n<!-- keys:begin -->\n| old |\n<!-- keys:end -->\nmore prose\n";

    @Test
    void readsAndReplacesOnlyBetweenTheMarkers() {
        assertThat(ReadmeSection.read(DOCUMENT, "keys")).isEqualTo("| old |\n");
        assertThat(ReadmeSection.replace(DOCUMENT, "keys", "| new |\n"))
                .isEqualTo("prose\n<!-- keys:begin -->\n| new |\n<!-- keys:end -->\nmore prose\n");
    }

    @Test
    void aMissingSectionIsNamed() {
        assertThatThrownBy(() -> ReadmeSection.read(DOCUMENT, "other"))
                .hasMessage("no section '<!-- other:begin -->' ... '<!-- other:end -->' in the document");
    }
}
