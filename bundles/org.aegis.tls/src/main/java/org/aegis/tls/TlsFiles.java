package org.aegis.tls;

import java.nio.file.Path;

/**
 * Where the node's TLS material lives.
 *
 * @param keyStore          PKCS#12 key store Jetty serves from and watches (path set in the HTTP server's
 *                          configuration)
 * @param trustStore        PKCS#12 trust store of the CAs whose client certificates Jetty accepts
 * @param storePassword     password of both stores and of the authority's store
 * @param authorityStore    the node's certificate authority, key and certificate (PKCS#12, in the data folder)
 * @param authorityPem      its certificate alone, for clients' {@code --cacert}
 * @param operatorCertificate the operator's own server certificate chain (PEM), used when it exists
 * @param operatorKey       its private key (PEM)
 * @param operatorClientCa  CAs (PEM) of the operator whose client certificates are accepted besides the node's own
 */
record TlsFiles(Path keyStore, Path trustStore, char[] storePassword, Path authorityStore, Path authorityPem,
        Path operatorCertificate, Path operatorKey, Path operatorClientCa) {
}
