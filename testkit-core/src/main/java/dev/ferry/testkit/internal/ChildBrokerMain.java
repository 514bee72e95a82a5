package dev.ferry.testkit.internal;

import java.io.IOException;

/**
 * Entry point of a child-JVM broker: runs {@code kafka.Kafka} and halts when its stdin closes, which
 * happens when the test JVM that started it dies, so no broker outlives its test run.
 */
public final class ChildBrokerMain {
    private ChildBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(ChildBrokerMain::haltWhenParentGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void haltWhenParentGone() {
        try {
            while (System.in.read() >= 0) {
                // the parent writes nothing: any byte is ignored, end of stream means it is gone
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of stream
        }
        Runtime.getRuntime().halt(3);
    }
}
