package dev.ferry.producer.internal.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** SASL PLAIN (RFC 4616): one message, {@code authzid NUL authcid NUL password}, with an empty authzid. */
final class PlainExchange implements SaslExchange {
    private final SaslCredentials credentials;

    PlainExchange(SaslCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public byte[] firstMessage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(credentials.username().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(credentials.password().value().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        return null;
    }
}
