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

    /** The record's name, for the strategies that build the subject from it; a primitive has none. */
    static String requireNamed(String strategy, String topic, boolean isKey, String recordName) {
        if (recordName == null) {
            throw new IllegalArgumentException(strategy + " needs a named record type, but the "
                    + (isKey ? "key" : "value") + " schema for topic '" + topic + "' is a primitive");
        }
        return recordName;
    }
}
