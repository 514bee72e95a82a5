package dev.ferry.producer.internal.protocol;

import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.testkit.KafkaCluster;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A blocking, one-request-at-a-time broker connection: enough to exercise the codecs on the wire.
 * Public for the tests of other packages that talk to a real broker request by request (the
 * sender's {@code ModelConformanceIT}).
 */
public final class WireConnection implements AutoCloseable {
    private final Socket socket = new Socket();
    private final ProtocolWriter writer = new ProtocolWriter();
    private int correlationId;

    public WireConnection(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
    }

    /** A connection to the single broker of a cluster. */
    public static WireConnection to(KafkaCluster broker) throws IOException {
        String address = broker.bootstrapServers();
        return new WireConnection(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    }

    public <R> R send(ApiRequest<R> request, short version) throws IOException {
        int id = ++correlationId;
        ByteBuffer[] frame =
                RequestCodec.encode(writer, new RequestHeader(request.apiKey(), version, id, "ferry-it"), request);
        OutputStream out = socket.getOutputStream();
        for (ByteBuffer segment : frame) {
            byte[] bytes = new byte[segment.remaining()];
            segment.get(bytes);
            out.write(bytes);
        }
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        if (size < 4 || size > (1 << 24)) {
            throw new ProtocolException("Response size " + size + " is out of bounds");
        }
        byte[] payload = new byte[size];
        in.readFully(payload);
        return RequestCodec.decodeResponse(ByteBuffer.wrap(payload), request, version, id);
    }

    /** Sends until the answer is no longer a retriable error (a fresh broker is still loading coordinators). */
    public <R> R sendUntil(ApiRequest<R> request, short version, Predicate<R> done) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> send(request, version), done);
    }

    /** The broker this one names coordinator of the key, asked until the answer is not retriable (coordinators still loading). */
    public int coordinator(byte keyType, String key) {
        return sendUntil(
                        new FindCoordinator.Request(keyType, List.of(key)),
                        (short) 6,
                        r -> notRetriable(r.coordinators().get(0).errorCode()))
                .coordinators()
                .get(0)
                .nodeId();
    }

    public static boolean notRetriable(short errorCode) {
        return !ErrorCode.forCode(errorCode).retriable() && errorCode != ErrorCode.CONCURRENT_TRANSACTIONS.code();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
