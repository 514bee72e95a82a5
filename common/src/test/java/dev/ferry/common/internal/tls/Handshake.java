package dev.ferry.common.internal.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS handshake in memory between a client made from {@link TlsMaterial} and a server made
 * directly from the JDK's {@link KeyStore} API, which requires a client certificate: the oracle that
 * the loaded material is what a peer accepts, without sockets or threads.
 */
final class Handshake {
    private static final int MAX_STEPS = 200;

    private Handshake() {}

    /** A server presenting {@code server}'s certificate and trusting {@code trustedClient}'s, or no client when null. */
    static SSLContext server(SelfSigned server, SelfSigned trustedClient) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keys().getPrivate(), new char[0], new Certificate[] {server.certificate()});
        KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        if (trustedClient != null) {
            trusted.setCertificateEntry("client", trustedClient.certificate());
        }
        TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustFactory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), null);
        return context;
    }

    static SSLContext client(TlsMaterial material) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(material.keyManagers(), material.trustManagers(), null);
        return context;
    }

    /**
     * Runs the handshake to its end; returns both sides' sessions.
     *
     * @throws SSLException when either side refuses the other
     */
    static Sessions run(SSLContext clientContext, SSLContext serverContext) throws Exception {
        SSLEngine client = clientContext.createSSLEngine("localhost", 9093);
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(true);
        ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        ByteBuffer application = ByteBuffer.allocate(Math.max(
                client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize()));
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            if (finished(client) && finished(server)) {
                return new Sessions(client.getSession(), server.getSession());
            }
            boolean moved = step(client, toClient, toServer, application);
            moved |= step(server, toServer, toClient, application);
            if (!moved) {
                throw new IllegalStateException("the handshake is stuck: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new IllegalStateException("the handshake did not end within " + MAX_STEPS + " steps");
    }

    record Sessions(SSLSession client, SSLSession server) {}

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /** One move of one side; false when it could do nothing. */
    private static boolean step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer application)
            throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> {
                engine.wrap(ByteBuffer.allocate(0), out);
                return true;
            }
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                int before = in.remaining();
                engine.unwrap(in, application);
                boolean consumed = in.remaining() != before;
                in.compact();
                application.clear();
                return consumed;
            }
            case NEED_TASK -> {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
