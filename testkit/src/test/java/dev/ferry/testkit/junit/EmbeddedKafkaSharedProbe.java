package dev.ferry.testkit.junit;

/** The JVM's shared broker address, for tests that check they are not using it. */
final class EmbeddedKafkaSharedProbe {

    private EmbeddedKafkaSharedProbe() {}

    static String sharedBootstrap() {
        try (EmbeddedKafka shared = EmbeddedKafka.builder().build().start()) {
            return shared.bootstrapServers();
        }
    }
}
