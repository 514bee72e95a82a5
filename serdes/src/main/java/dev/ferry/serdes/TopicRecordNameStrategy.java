package dev.ferry.serdes;

/**
 * A {@link SubjectNameStrategy} answering {@code <topic>-<record full name>}: several record types
 * per topic, each with its own lineage per topic.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, String recordName) {
        if (recordName == null) {
            throw new IllegalArgumentException("TopicRecordNameStrategy needs a named record type, but the "
                    + (isKey ? "key" : "value") + " schema for topic '" + topic + "' is a primitive");
        }
        return topic + "-" + recordName;
    }
}
