package dev.ferry.producer.internal.sender;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cores a scenario made, each checked after the test for what is left over
 * ({@link CoreUnderTest#assertSettled()}); registered per test instance, so each test has its own.
 */
final class SettledCores implements AfterEachCallback {
    private final List<CoreUnderTest> cores = new ArrayList<>();

    CoreUnderTest add(CoreUnderTest core) {
        cores.add(core);
        return core;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        cores.forEach(CoreUnderTest::assertSettled);
    }
}
