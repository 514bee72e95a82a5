package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.util.Set;

/** An {@code enum} declaration as {@link ProtoParser} reads it, after the keyword. */
final class ProtoEnums {

    private static final Set<String> ENUM_FLAGS = Set.of("allow_alias", "deprecated");
    private static final Set<String> VALUE_FLAGS = Set.of("deprecated", "debug_redact");

    private ProtoEnums() {}

    static EnumDescriptorProto read(ProtoCursor in, ProtoFeatures features) {
        EnumDescriptorProto.Builder enumType = EnumDescriptorProto.newBuilder().setName(in.name("enum name"));
        in.expect("{");
        while (!in.peek().is("}")) {
            Token token = in.peek();
            if (token.kind() == Kind.END) {
                throw in.error(token, "enum " + enumType.getName() + " is not closed with '}'");
            }
            if (token.is("option")) {
                in.take();
                ProtoOptions.read(in, features, in.optionStatement(), enumType.getOptionsBuilder(), ENUM_FLAGS);
            } else if (token.is("reserved")) {
                in.take();
                if (in.peek().kind() == Kind.STRING) {
                    do {
                        enumType.addReservedName(in.take().text());
                    } while (in.acceptComma());
                } else {
                    for (int[] range : in.ranges(Integer.MAX_VALUE)) {
                        enumType.addReservedRange(EnumDescriptorProto.EnumReservedRange.newBuilder()
                                .setStart(range[0])
                                .setEnd(range[1]));
                    }
                }
                in.expect(";");
            } else if (token.is(";")) {
                in.take();
            } else {
                EnumValueDescriptorProto.Builder value =
                        EnumValueDescriptorProto.newBuilder().setName(in.name("enum value name"));
                in.expect("=");
                value.setNumber(in.integer("enum value number"));
                if (in.peek().is("[")) {
                    in.take();
                    do {
                        ProtoOptions.read(in, features, in.optionBody(), value.getOptionsBuilder(), VALUE_FLAGS);
                    } while (in.acceptComma());
                    in.expect("]");
                }
                in.expect(";");
                enumType.addValue(value);
            }
        }
        in.take();
        if (enumType.getValueCount() == 0) {
            throw in.error(in.peekPrevious(), "enum " + enumType.getName() + " must have at least one value");
        }
        return enumType.build();
    }
}
