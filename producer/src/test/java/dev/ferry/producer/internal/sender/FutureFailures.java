package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TimeoutException;
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

    /** The one record of orders-0 failed as kafka-clients' expiry words it. */
    static void assertExpiredAfterDeliveryTimeout(CompletableFuture<?> future, long deliveryTimeoutMs) {
        assertThatFailure(future)
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Expiring 1 record(s) for orders-0: " + deliveryTimeoutMs
                        + " ms has passed since batch creation (delivery.timeout.ms)");
    }
}
