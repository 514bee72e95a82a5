package dev.ferry.codegen.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtoImportScannerTest {

    @Test
    void findsPlainPublicAndWeakImportsButNotCommentedOnes() {
        String proto = """
        syntax = "proto3";
        import "shop/money.proto";
          import public 'shop/line.proto';
        import weak "google/protobuf/timestamp.proto";
        // import "commented/out.proto";
        /* import "block/comment.proto";
           import "still/comment.proto"; */
        message Order { string import_note = 1; }
        """;

        assertThat(ProtoImportScanner.imports(proto))
                .containsExactly("shop/money.proto", "shop/line.proto", "google/protobuf/timestamp.proto");
    }
}
