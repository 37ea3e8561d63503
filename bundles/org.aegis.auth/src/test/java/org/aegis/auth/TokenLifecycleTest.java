package org.aegis.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.aegis.api.security.InvalidTokenException;
import org.aegis.api.security.IssuedToken;
import org.aegis.api.security.Role;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Revoking a token, and rotating the signing key with a grace period for the tokens it signed. */
class TokenLifecycleTest {
    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    private JwtTokenService start() {
        return new JwtTokenService(store, TestConfig.defaults(), clock);
    }

    private static String reason(JwtTokenService service, String token) {
        return assertThrows(InvalidTokenException.class, () -> service.verify(token)).getMessage();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndAfterARestart() throws Exception {
        JwtTokenService service = start();
        IssuedToken alice = service.issue("alice", Role.OPERATOR, Duration.ofHours(8));
        IssuedToken bob = service.issue("bob", Role.OPERATOR, Duration.ofHours(8));
        assertTrue(service.revoke(alice.principal().tokenId()));
        assertFalse(service.revoke(alice.principal().tokenId()), "already revoked");
        assertEquals(JwtTokenService.REVOKED, reason(service, alice.token()));
        assertEquals("bob", service.verify(bob.token()).subject(), "other tokens are untouched");
        assertEquals(JwtTokenService.REVOKED, reason(start(), alice.token()), "kept in the store");
        assertThrows(IllegalArgumentException.class, () -> service.revoke(" "));
    }

    @Test
    void revocationsAreForgottenOnceNoTokenTheyNameCanBeValid() {
        JwtTokenService service = start();
        service.revoke("some-id");
        assertEquals(1, store.map(Revocations.MAP).size());
        clock.advance(Duration.ofDays(366)); // past maxLifetime (P365D) and the clock skew
        start();
        assertEquals(0, store.map(Revocations.MAP).size());
    }

    @Test
    void aRotatedKeyKeepsOldTokensForTheGracePeriodOnly() throws Exception {
        JwtTokenService service = start();
        IssuedToken before = service.issue("alice", Role.OPERATOR, Duration.ofDays(2));
        String oldAdmin = service.initialAdminToken().token();

        IssuedToken newAdmin = service.rotateSigningKey(Duration.ofHours(1));
        assertNotEquals(oldAdmin, newAdmin.token());
        assertEquals(newAdmin, service.initialAdminToken());
        IssuedToken after = service.issue("bob", Role.OPERATOR, Duration.ofDays(2));
        assertEquals("alice", service.verify(before.token()).subject(), "within the grace period");
        assertEquals("alice", start().verify(before.token()).subject(), "the grace survives a restart");

        clock.advance(Duration.ofMinutes(61));
        assertEquals(JwtTokenService.INVALID_SIGNATURE, reason(service, before.token()));
        assertEquals(JwtTokenService.INVALID_SIGNATURE, reason(service, oldAdmin));
        assertEquals(JwtTokenService.INVALID_SIGNATURE, reason(start(), before.token()));
        assertEquals("bob", start().verify(after.token()).subject());
        assertEquals(newAdmin.token(), start().initialAdminToken().token());
    }

    @Test
    void aGraceLongerThanAnyTokenIsRefused() {
        JwtTokenService service = start();
        assertThrows(IllegalArgumentException.class, () -> service.rotateSigningKey(Duration.ofDays(400)));
        assertThrows(IllegalArgumentException.class, () -> service.rotateSigningKey(Duration.ofSeconds(-1)));
    }
}
