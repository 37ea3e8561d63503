package org.aegis.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the HTTPS port serves: a private key and its certificate chain (leaf first).
 *
 * @param source {@code generated}, or the operator's certificate file
 */
record ServedCredential(PrivateKey key, List<X509Certificate> chain, String source) {
    static final String GENERATED = "generated";

    ServedCredential {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the server's own certificate");
        }
    }

    X509Certificate leaf() {
        return chain.get(0);
    }
}
