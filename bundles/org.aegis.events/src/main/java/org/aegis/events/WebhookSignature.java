package org.aegis.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook post: {@code v1=} and the hex HMAC-SHA256, under the shared secret, of the timestamp
 * header, a dot and the body. Signing the timestamp with the body lets a receiver refuse old posts replayed.
 */
final class WebhookSignature {
    static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("secret must have at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
