package dev.ferry.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder whose target can be changed, as a DNS name or a load balancer in front of a cluster
 * is moved to another: connections made after {@link #moveTo} reach the new target. Bytes are copied
 * as they come; nothing is parsed.
 */
final class MovableForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress target;
    private volatile boolean closed;

    MovableForwarder(String targetAddress) throws IOException {
        this.target = parse(targetAddress);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "movable-forwarder-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Later connections go to {@code targetAddress}; those open stay where they are. */
    void moveTo(String targetAddress) {
        target = parse(targetAddress);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(target.getAddress(), target.getPort());
                } catch (IOException refused) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException("the forwarder on " + address() + " stopped accepting", e);
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException closedEitherEnd) {
                        // the other direction's copier or close() ends the pair
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "movable-forwarder-copy");
        copier.setDaemon(true);
        copier.start();
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // closing is all that is wanted
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(MovableForwarder::closeQuietly);
    }
}
