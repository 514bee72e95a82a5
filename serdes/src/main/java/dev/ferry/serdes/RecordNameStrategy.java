package dev.ferry.serdes;

/**
 * A {@link SubjectNameStrategy} that uses the record's full name as the subject, so one record type
 * evolves under the same compatibility rules on every topic, and a topic may carry several types.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, String recordName) {
        return requireNamed("RecordNameStrategy", topic, isKey, recordName);
    }

    /**
     * The record's name, for the strategies that build the subject from it; only an Avro record, a
     * Protobuf message and a JSON Schema with a title have one.
     */
    static String requireNamed(String strategy, String topic, boolean isKey, String recordName) {
        if (recordName == null) {
            throw new IllegalArgumentException(strategy + " needs a record schema, but the " + (isKey ? "key" : "value")
                    + " schema for topic '" + topic + "' has no record name: it is a primitive, an Avro enum, fixed, "
                    + "array, map or union, or a JSON Schema without a title");
        }
        return recordName;
    }
}
