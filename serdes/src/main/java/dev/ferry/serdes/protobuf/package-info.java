/**
 * Protobuf: {@link dev.ferry.serdes.protobuf.ProtobufSerializer},
 * {@link dev.ferry.serdes.protobuf.ProtobufDeserializer} and the schema format
 * {@link dev.ferry.serdes.protobuf.ProtobufFormat}, which parses {@code .proto} text without protoc
 * and judges compatibility with rules written here.
 */
package dev.ferry.serdes.protobuf;
