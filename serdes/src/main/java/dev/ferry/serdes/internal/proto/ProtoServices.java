package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.ferry.serdes.internal.proto.ProtoCursor.Option;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.util.Set;

/** A {@code service} declaration and its {@code rpc} methods as {@link ProtoParser} reads them, after the keyword. */
final class ProtoServices {

    private static final Set<String> DEPRECATED = Set.of("deprecated");

    private ProtoServices() {}

    static ServiceDescriptorProto read(ProtoCursor in, ProtoFeatures features) {
        ServiceDescriptorProto.Builder service =
                ServiceDescriptorProto.newBuilder().setName(in.name("service name"));
        in.expect("{");
        while (!in.peek().is("}")) {
            Token token = in.take();
            if (token.is("rpc")) {
                MethodDescriptorProto.Builder method =
                        MethodDescriptorProto.newBuilder().setName(in.name("rpc name"));
                method.setInputType(messageType(in, "request type", () -> method.setClientStreaming(true)));
                in.expect("returns");
                method.setOutputType(messageType(in, "response type", () -> method.setServerStreaming(true)));
                if (in.peek().is("{")) {
                    methodOptions(in, features, method);
                } else {
                    in.expect(";");
                }
                service.addMethod(method);
            } else if (token.is("option")) {
                ProtoOptions.read(in, features, in.optionStatement(), service.getOptionsBuilder(), DEPRECATED);
            } else if (!token.is(";")) {
                throw in.error(token, "expected rpc or option in service " + service.getName());
            }
        }
        in.take();
        return service.build();
    }

    /** An rpc's {@code ([stream] Type)}: the type; {@code streaming} runs when the {@code stream} keyword is there. */
    private static String messageType(ProtoCursor in, String what, Runnable streaming) {
        in.expect("(");
        if (in.peek().is("stream")) {
            in.take();
            streaming.run();
        }
        String type = in.identifier(what);
        in.expect(")");
        return type;
    }

    private static void methodOptions(ProtoCursor in, ProtoFeatures features, MethodDescriptorProto.Builder method) {
        Token open = in.expect("{");
        while (!in.peek().is("}")) {
            Token token = in.take();
            if (token.kind() == Kind.END) {
                throw in.error(open, "rpc " + method.getName() + " is not closed with '}'");
            }
            if (token.is("option")) {
                Option option = in.optionStatement();
                var options = method.getOptionsBuilder();
                if (option.name().equals("idempotency_level")) {
                    options.setIdempotencyLevel(in.enumValue(option, MethodOptions.IdempotencyLevel.class));
                } else {
                    ProtoOptions.read(in, features, option, options, DEPRECATED);
                }
            } else if (!token.is(";")) {
                throw in.error(token, "expected option in rpc " + method.getName());
            }
        }
        in.take();
    }
}
