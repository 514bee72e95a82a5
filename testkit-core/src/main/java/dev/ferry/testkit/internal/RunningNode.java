package dev.ferry.testkit.internal;

/** A started KRaft node, in this JVM or in a child JVM. */
public interface RunningNode {

    /** Stops the node cleanly and waits until it has stopped. */
    void stop();

    /** Ends the node without a clean shutdown: SIGKILL for a child JVM. */
    void kill();
}
