package dev.ferry.producer.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The client side of SCRAM (RFC 5802, RFC 7677 for SHA-256; SHA-512 likewise) as Kafka speaks it:
 * no channel binding ({@code n,,}), no authorization id, and the {@code tokenauth=true} extension
 * for delegation tokens. The client proves it knows the password without sending it, and checks
 * the broker's signature, which only a holder of the stored credential can compute.
 */
final class ScramExchange implements SaslExchange {
    private static final String GS2_HEADER = "n,,";
    private static final String CHANNEL_BINDING =
            "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));

    private enum State {
        INITIAL,
        AWAITING_SERVER_FIRST,
        AWAITING_SERVER_FINAL,
        COMPLETE
    }

    private final ScramHash hash;
    private final SaslCredentials credentials;
    private final String clientNonce;
    private State state = State.INITIAL;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramExchange(ScramHash hash, SaslCredentials credentials, String clientNonce) {
        this.hash = hash;
        this.credentials = credentials;
        this.clientNonce = clientNonce;
    }

    static String randomNonce(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public byte[] firstMessage() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("the first SCRAM message was already sent");
        }
        clientFirstBare = "n=" + saslName(credentials.username()) + ",r=" + clientNonce
                + (credentials.tokenAuth() ? ",tokenauth=true" : "");
        state = State.AWAITING_SERVER_FIRST;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        String message = new String(challenge, StandardCharsets.UTF_8);
        return switch (state) {
            case AWAITING_SERVER_FIRST -> clientFinal(message);
            case AWAITING_SERVER_FINAL -> verifyServerFinal(message);
            default -> throw new IllegalStateException("no SCRAM answer is expected in state " + state);
        };
    }

    private byte[] clientFinal(String serverFirst) {
        Map<Character, String> attributes = attributes(serverFirst, "server-first");
        if (attributes.containsKey('m')) {
            throw new SaslFailure(
                    "the broker's SCRAM server-first message asks for a mandatory extension Ferry does not know");
        }
        String nonce = required(attributes, 'r', "server-first");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslFailure("the broker's SCRAM nonce does not extend the client's");
        }
        byte[] salt = decode(required(attributes, 's', "server-first"), "salt");
        int iterations;
        try {
            iterations = Integer.parseInt(required(attributes, 'i', "server-first"));
        } catch (NumberFormatException e) {
            throw new SaslFailure("the broker's SCRAM iteration count is not a number");
        }
        if (iterations < ScramHash.MIN_ITERATIONS) {
            throw new SaslFailure("the broker asks for " + iterations + " SCRAM iterations, fewer than the minimum "
                    + ScramHash.MIN_ITERATIONS);
        }
        byte[] saltedPassword =
                hash.hi(credentials.password().value().getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hash.hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = hash.hash(clientKey);
        String clientFinalWithoutProof = CHANNEL_BINDING + ",r=" + nonce;
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] proof = hash.hmac(storedKey, authMessage);
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientKey[i];
        }
        byte[] serverKey = hash.hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
        expectedServerSignature = hash.hmac(serverKey, authMessage);
        state = State.AWAITING_SERVER_FINAL;
        return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] verifyServerFinal(String serverFinal) {
        Map<Character, String> attributes = attributes(serverFinal, "server-final");
        if (attributes.containsKey('e')) {
            throw new SaslFailure("the broker refused the SCRAM proof: " + attributes.get('e'));
        }
        byte[] signature = decode(required(attributes, 'v', "server-final"), "server signature");
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslFailure(
                    "the broker's SCRAM server signature is wrong: it does not hold this user's credential");
        }
        state = State.COMPLETE;
        return null;
    }

    /** RFC 5802 saslname: ',' and '=' escaped. */
    private static String saslName(String username) {
        return username.replace("=", "=3D").replace(",", "=2C");
    }

    private static Map<Character, String> attributes(String message, String what) {
        Map<Character, String> attributes = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new SaslFailure("the broker's SCRAM " + what + " message is malformed");
            }
            attributes.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attributes;
    }

    private static String required(Map<Character, String> attributes, char name, String what) {
        String value = attributes.get(name);
        if (value == null) {
            throw new SaslFailure("the broker's SCRAM " + what + " message has no '" + name + "' attribute");
        }
        return value;
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("the broker's SCRAM " + what + " is not base64");
        }
    }
}
