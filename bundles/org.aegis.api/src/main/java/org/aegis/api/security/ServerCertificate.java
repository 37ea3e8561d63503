package org.aegis.api.security;

import java.time.Instant;
import java.util.List;

/**
 * The certificate the node's HTTPS port serves.
 *
 * @param subject          its subject (RFC 2253)
 * @param subjectAltNames  its subject alternative names ({@code DNS:localhost}, {@code IP:127.0.0.1},
 *                         {@code URI:aegis:peer:12D3KooW…})
 * @param sha256           SHA-256 fingerprint of its DER encoding, colon-separated hex (as {@code openssl x509
 *                         -fingerprint -sha256} prints it)
 * @param notBefore        start of validity
 * @param notAfter         end of validity
 * @param source           {@code generated} (signed by the node's certificate authority) or the operator's PEM file
 * @param trustAnchorFile  the PEM file clients pass to {@code curl --cacert} to trust it
 */
public record ServerCertificate(String subject, List<String> subjectAltNames, String sha256, Instant notBefore,
        Instant notAfter, String source, String trustAnchorFile) {
    public ServerCertificate {
        subjectAltNames = List.copyOf(subjectAltNames);
    }
}
