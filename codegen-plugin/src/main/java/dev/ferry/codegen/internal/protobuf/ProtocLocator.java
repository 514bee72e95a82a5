package dev.ferry.codegen.internal.protobuf;

import java.nio.file.Path;

/** Finds an executable protoc; called only when there is something to compile. */
@FunctionalInterface
public interface ProtocLocator {

    Path locate();
}
