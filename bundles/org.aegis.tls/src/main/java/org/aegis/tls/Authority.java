package org.aegis.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** The node's certificate authority: its key pair and self-signed certificate. */
record Authority(KeyPair keys, X509Certificate certificate) {
}
