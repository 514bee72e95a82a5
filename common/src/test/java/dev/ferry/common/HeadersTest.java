package dev.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void behavesLikeKafkaClientsRecordHeaders() {
        // given the same operations on both
        Headers ours = new Headers();
        RecordHeaders theirs = new RecordHeaders();
        String[][] ops = {
            {"add", "a", "1"},
            {"add", "b", "2"},
            {"add", "a", "3"},
            {"add", "c", null},
            {"remove", "b", null},
            {"add", "b", "4"}
        };

        // when
        for (String[] op : ops) {
            byte[] value = op[2] == null ? null : op[2].getBytes(StandardCharsets.UTF_8);
            if (op[0].equals("add")) {
                ours.add(op[1], value);
                theirs.add(op[1], value);
            } else {
                ours.remove(op[1]);
                theirs.remove(op[1]);
            }
        }

        // then order, repeated keys and lastHeader agree
        List<Header> expected = StreamSupport.stream(theirs.spliterator(), false)
                .map(h -> new Header(h.key(), h.value()))
                .toList();
        assertThat(ours.toList()).isEqualTo(expected);
        for (String key : List.of("a", "b", "c", "missing")) {
            org.apache.kafka.common.header.Header last = theirs.lastHeader(key);
            assertThat(ours.lastHeader(key)).isEqualTo(last == null ? null : new Header(last.key(), last.value()));
        }
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).isEqualTo(expected.get(i));
        }
        assertThat(ours.headers("a"))
                .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("1", "3");
    }

    @Test
    void readOnlyHeadersRejectChanges() {
        // given
        Headers headers = new Headers().add("a", "1");

        // when
        headers.setReadOnly();

        // then
        assertThat(headers.isReadOnly()).isTrue();
        assertThatThrownBy(() -> headers.add("b", "2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already sent");
        assertThatThrownBy(() -> headers.remove("a")).isInstanceOf(IllegalStateException.class);
        assertThat(headers.size()).isEqualTo(1);
    }

    @Test
    void iteratorIsASnapshot() {
        Headers headers = new Headers().add("a", "1");
        var iterator = headers.iterator();
        headers.add("b", "2");
        assertThat(iterator.next().key()).isEqualTo("a");
        assertThat(iterator.hasNext()).isFalse();
    }

    @Test
    void copiesInitialHeadersAndComparesByContent() {
        Headers original = new Headers().add("a", new byte[] {1, 2});
        assertThat(new Headers(original)).isEqualTo(new Headers().add("a", new byte[] {1, 2}));
        assertThat(new Headers(original)).isNotEqualTo(new Headers().add("a", new byte[] {1, 3}));
    }
}
