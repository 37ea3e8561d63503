package org.aegis.api.security;

import java.time.Instant;

/**
 * A client certificate the node issued, with its private key: shown once, never kept by the node.
 *
 * @param name              whom it stands for
 * @param role              the role it carries
 * @param serial            its serial number (hex)
 * @param certificatePem    the certificate (PEM)
 * @param privateKeyPem     its private key (PKCS#8 PEM, unencrypted: keep it like a password)
 * @param authorityPem      the node's certificate authority (PEM), which also signs the node's server certificate
 * @param sha256            SHA-256 fingerprint of the certificate, colon-separated hex
 * @param notAfter          end of validity
 */
public record IssuedClientCertificate(String name, Role role, String serial, String certificatePem,
        String privateKeyPem, String authorityPem, String sha256, Instant notAfter) {
    @Override
    public String toString() {
        return "IssuedClientCertificate[name=" + name + ", role=" + role + ", serial=" + serial + ", sha256=" + sha256
                + ", notAfter=" + notAfter + "]"; // never the private key
    }
}
