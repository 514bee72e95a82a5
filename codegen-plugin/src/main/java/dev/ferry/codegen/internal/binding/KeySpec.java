package dev.ferry.codegen.internal.binding;

/** Where a topic's keys come from, as configured. */
public sealed interface KeySpec {

    /** Records have no key. */
    record None() implements KeySpec {}

    /** The key is a field of the value. */
    record Field(String name) implements KeySpec {}

    /** Keys are given with each record and are strings, numbers or bytes. */
    record Primitive(KeyKind kind) implements KeySpec {}

    /** Keys are given with each record and are Avro records or Protobuf messages of this type. */
    record Schema(String typeName) implements KeySpec {}
}
