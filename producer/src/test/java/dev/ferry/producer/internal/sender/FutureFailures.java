package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.AbstractThrowableAssert;

/** Assertions on why a future failed, shared by the core's unit tests. */
final class FutureFailures {
    private FutureFailures() {}

    /** The cause {@code future} failed with, to assert on; fails the test if it did not fail. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertThatFailure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return assertThat(e.getCause());
        }
    }
}
