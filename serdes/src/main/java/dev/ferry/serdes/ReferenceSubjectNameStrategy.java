package dev.ferry.serdes;

/**
 * Chooses the subject under which a referenced schema (a Protobuf import) is registered, as
 * Confluent's {@code reference.subject.name.strategy}. The default answers the import name itself,
 * {@code "money.proto"} for {@code import "money.proto";}, as Confluent's
 * {@code DefaultReferenceSubjectNameStrategy} does.
 *
 * <pre>{@code
 * SerdeConfig config = SerdeConfig.builder()
 *         .referenceSubjectNameStrategy((reference, topic, isKey) -> "shared." + reference)
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and answer the same for the same arguments.
 */
@FunctionalInterface
public interface ReferenceSubjectNameStrategy {

    /** The default: the reference name as written in the referring schema. */
    ReferenceSubjectNameStrategy DEFAULT = (referenceName, topic, isKey) -> referenceName;

    /**
     * @param referenceName the name in the referring schema (the import path)
     * @param topic         the topic of the record being serialized
     * @param isKey         whether the referring schema is the key's
     */
    String subjectName(String referenceName, String topic, boolean isKey);
}
