package org.aegis.api.security;

import java.time.Instant;

/**
 * Whom a token stands for.
 *
 * @param subject   the name the token was issued to
 * @param role      its role
 * @param tokenId   the token's unique id ({@code jti})
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops being valid
 */
public record Principal(String subject, Role role, String tokenId, Instant issuedAt, Instant expiresAt) {
}
