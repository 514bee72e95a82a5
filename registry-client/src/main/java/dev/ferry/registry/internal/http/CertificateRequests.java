package dev.ferry.registry.internal.http;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of a client without a certificate: it has none to offer, and remembers that a
 * registry asked for one. A registry that requires client certificates ends the handshake with a
 * bare alert, or under TLS 1.3 just closes the connection once the client has sent its request, so
 * only the request itself tells why.
 */
final class CertificateRequests extends X509ExtendedKeyManager {

    private final AtomicBoolean seen = new AtomicBoolean();

    /** Whether a registry has asked this client for a certificate. */
    boolean seen() {
        return seen.get();
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        seen.set(true);
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        seen.set(true);
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return null;
    }
}
