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

    /** The admin token issued at the node's first start, for the operator to bootstrap others with. */
    IssuedToken initialAdminToken();
}
