package org.aegis.api.security;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The certificates of the node's HTTPS endpoint: the one it serves (generated at first start and renewed, or the
 * operator's own PEM files), the certificate authority clients trust, and client certificates it issues for mutual
 * TLS.
 */
@ProviderType
public interface NodeCertificates {
    /** What the HTTPS port serves now. */
    ServerCertificate server();

    /**
     * Issues a client certificate signed by the node's certificate authority: presented on the HTTPS port, it
     * stands for {@code name} with {@code role}, as a bearer token would (see {@link ClientCertificateCodec}).
     *
     * @throws IllegalArgumentException for a blank name or one with characters a certificate subject cannot
     *                                  carry unambiguously, or a validity that is not positive
     */
    IssuedClientCertificate issueClient(String name, Role role, Duration validity);
}
