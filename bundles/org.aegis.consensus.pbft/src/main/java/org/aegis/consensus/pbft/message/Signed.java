package org.aegis.consensus.pbft.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A message with its sender and the sender's Ed25519 signature over {@link #signingInput}: the canonical body
 * bytes behind a domain prefix, so a PBFT signature can never pass for a signature of anything else.
 */
public record Signed(String sender, Message message, byte[] body, byte[] signature) {
    private static final byte[] DOMAIN = "aegis/pbft/1.0.0\n".getBytes(StandardCharsets.US_ASCII);

    public Signed {
        body = body.clone();
        signature = signature.clone();
    }

    /** Encodes and signs {@code message} as {@code sender}. */
    public static Signed sign(String sender, Message message, Function<byte[], byte[]> signer) {
        byte[] body = MessageCodec.encodeBody(message);
        return new Signed(sender, message, body, signer.apply(signingInput(body)));
    }

    public static byte[] signingInput(byte[] body) {
        byte[] input = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
        System.arraycopy(body, 0, input, DOMAIN.length, body.length);
        return input;
    }

    public byte[] signingInput() {
        return signingInput(body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Signed s && sender.equals(s.sender) && Arrays.equals(body, s.body)
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * sender.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Signed[" + sender + ": " + message + "]";
    }
}
