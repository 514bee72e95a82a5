package dev.ferry.registry;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A WireMock transformer that makes the registry hang: each request it is attached to is held
 * (no answer comes) until {@link #release()}, then answered 503 as a registry coming back from an
 * outage would. The hold is bounded by {@code bound}, so a client that waits for the answer fails
 * its test instead of hanging the build. Which requests are held is observable while they are.
 * In the test jar: serdes' outage tests hang their registry with it too.
 */
public final class Hang extends AttachedTransformer {

    public static final String NAME = "hang";

    private final Duration bound;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final List<String> held = new CopyOnWriteArrayList<>();

    public Hang(Duration bound) {
        super(NAME);
        this.bound = bound;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String request = serveEvent.getRequest().getMethod() + " "
                + serveEvent.getRequest().getUrl();
        arrived.add(request);
        held.add(request);
        try {
            released.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.remove(request);
        }
        return WireMock.aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
                .withBody("{\"error_code\":50003,\"message\":\"registry was down\"}")
                .build();
    }

    /** Every request that reached the hung registry, in order ("GET /subjects/s/versions/latest"). */
    public List<String> arrived() {
        return List.copyOf(arrived);
    }

    /** The requests held right now: sent, and not answered. */
    public List<String> held() {
        return List.copyOf(held);
    }

    /** Answers every held request (503), and every later one at once. */
    public void release() {
        released.countDown();
    }
}
