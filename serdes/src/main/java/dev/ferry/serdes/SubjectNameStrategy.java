package dev.ferry.serdes;

/**
 * Chooses the registry subject a key or value schema is registered under, as Confluent's
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy} do.
 *
 * <pre>{@code
 * public final class TeamPrefixStrategy implements SubjectNameStrategy {
 *     public String subjectName(String topic, boolean isKey, String recordName) {
 *         return "payments." + topic + (isKey ? "-key" : "-value");
 *     }
 * }
 * SerdeConfig config = SerdeConfig.builder().valueSubjectNameStrategy(new TeamPrefixStrategy()).build();
 * }</pre>
 *
 * <p>A strategy named in properties needs a public no-argument constructor. The answer must depend
 * only on the arguments: serializers cache schema ids per (topic, schema) and ask again only on a
 * cache miss. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic      the topic the record goes to or comes from
     * @param isKey      whether the schema is the key's
     * @param recordName the full name of the Avro record, Protobuf message or JSON Schema title, or
     *                   {@code null} when the schema has none (a primitive; also an Avro enum or fixed,
     *                   as with Confluent's serializers)
     * @return the subject, never null
     * @throws IllegalArgumentException when no subject can be derived (e.g. record name needed but absent)
     */
    String subjectName(String topic, boolean isKey, String recordName);
}
