package dev.ferry.producer;

/** Message format shared by the two Kafka error exceptions. */
final class KafkaErrors {
    private KafkaErrors() {}

    static String describe(String errorName, short errorCode, String context) {
        return "Kafka error " + errorName + " (code " + errorCode + ") while " + context;
    }
}
