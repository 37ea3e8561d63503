package org.aegis.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The HS256 keys tokens are checked against: the current key, which signs, and after a rotation the previous
 * one, still accepted until its grace period ends. A token names its key by {@code kid} (a hash of the key, never
 * the key); tokens from before key ids were used carry none and are tried against both.
 */
record SigningKeys(Key current, Optional<Key> previous) {

    /** One HS256 key, its id, and until when it verifies ({@link Instant#MAX} for the current key). */
    record Key(String id, JWSSigner signer, JWSVerifier verifier, Instant acceptedUntil) {
        static Key of(byte[] secret, Instant acceptedUntil) {
            try {
                return new Key(idOf(secret), new MACSigner(secret), new MACVerifier(secret), acceptedUntil);
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot use the token signing key for HS256", e);
            }
        }

        @Override
        public String toString() {
            return "Key[" + id + "]"; // never the secret
        }
    }

    /** The keys that may have signed a token with this {@code kid} (null: any), still accepted at {@code now}. */
    Key[] candidates(String kid, Instant now) {
        return Stream.concat(Stream.of(current), previous.stream())
                .filter(key -> kid == null || key.id().equals(kid))
                .filter(key -> now.isBefore(key.acceptedUntil()))
                .toArray(Key[]::new);
    }

    static String idOf(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return Base64URL.encode(Arrays.copyOf(digest, 9)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
