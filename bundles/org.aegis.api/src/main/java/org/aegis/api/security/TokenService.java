package org.aegis.api.security;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** Issues and verifies the node's bearer tokens (signed JWTs). The signing key survives restarts. */
@ProviderType
public interface TokenService {
    /**
     * Issues a token.
     *
     * @throws IllegalArgumentException when the subject is blank or the lifetime is not within the allowed range
     */
    IssuedToken issue(String subject, Role role, Duration lifetime);

    /** The principal a valid token stands for. */
    Principal verify(String token) throws InvalidTokenException;

    /**
     * Revokes a token by its id ({@code jti}, as {@link Principal#tokenId()} shows it): from now on this node
     * refuses it, also after a restart.
     *
     * @return false when it was revoked already
     * @throws IllegalArgumentException when the id is blank or too long
     */
    boolean revoke(String tokenId);

    /**
     * Whether {@link #revoke} revoked this id: also ids of client certificates ({@code x509:<serial>}, see
     * {@link ClientCertificateCodec}), which are revoked the same way.
     */
    boolean isRevoked(String tokenId);

    /**
     * Makes a new signing key current. Tokens signed with the key current until now stay valid for {@code grace},
     * then only tokens issued from now on are accepted. The initial admin token is issued anew.
     *
     * @return the new initial admin token
     * @throws IllegalArgumentException when {@code grace} is negative or longer than the longest token lifetime
     */
    IssuedToken rotateSigningKey(Duration grace);

    /** The admin token issued at the node's first start (or last key rotation), for the operator to bootstrap others with. */
    IssuedToken initialAdminToken();
}
