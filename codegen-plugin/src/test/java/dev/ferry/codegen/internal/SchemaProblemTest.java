package dev.ferry.codegen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaProblemTest {

    @Test
    void formatsLikeACompilerWithPosition() {
        SchemaProblem problem = new SchemaProblem(Path.of("/p/order.avsc"), 7, 31, "Undefined schema: x.Mony");

        assertThat(problem.format()).isEqualTo("/p/order.avsc:7:31: Undefined schema: x.Mony");
    }

    @Test
    void leavesOutAPositionThatIsUnknown() {
        SchemaProblem problem = new SchemaProblem(Path.of("/p/a.proto"), 0, 0, "File not found.");

        assertThat(problem.format()).isEqualTo("/p/a.proto: File not found.");
    }

    @Test
    void rejectsNegativePositions() {
        assertThatThrownBy(() -> new SchemaProblem(Path.of("a"), -1, 0, "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1:0");
    }

    @Test
    void exceptionListsEveryProblemOnItsOwnLine() {
        SchemaProblemsException e = new SchemaProblemsException(List.of(
                new SchemaProblem(Path.of("/a.avsc"), 1, 2, "one"),
                new SchemaProblem(Path.of("/b.proto"), 3, 4, "two")));

        assertThat(e.getMessage().lines())
                .containsExactly("2 schema problems:", "/a.avsc:1:2: one", "/b.proto:3:4: two");
        assertThat(e).isInstanceOf(CodegenFailure.class);
    }
}
