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
        return topic + "-" + RecordNameStrategy.requireNamed("TopicRecordNameStrategy", topic, isKey, recordName);
    }
}
