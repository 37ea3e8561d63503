package org.aegis.api.security;



/**
 * A freshly issued bearer token.
 *
 * @param token     the compact JWT to send as {@code Authorization: Bearer <token>}
 * @param principal whom it stands for
 */
public record IssuedToken(String token, Principal principal) {
    /** Hides the secret from logs. */
    @Override
    public String toString() {
        return "IssuedToken[" + principal + "]";
    }
}
