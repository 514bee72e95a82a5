package dev.ferry.serdes;

/**
 * The default {@link SubjectNameStrategy}: {@code <topic>-key} or {@code <topic>-value}, so each
 * topic has one schema lineage for its keys and one for its values.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, String recordName) {
        return topic + (isKey ? "-key" : "-value");
    }
}
