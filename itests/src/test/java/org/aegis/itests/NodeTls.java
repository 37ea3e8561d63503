package org.aegis.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A client's view of a node's HTTPS port: trusting its certificate authority, as {@code curl --cacert} does. */
final class NodeTls {
    private NodeTls() {
    }

    /** A TLS context that trusts the certificates in {@code pemFiles} (and nothing else). */
    static SSLContext trusting(Path... pemFiles) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int i = 0;
        for (Path pem : pemFiles) {
            try (InputStream in = Files.newInputStream(pem)) {
                for (var certificate : factory.generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A TLS connection to the node's HTTPS port, handshake done (the server's certificate verified). */
    static SSLSocket connect(NodeProcess node, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.httpsPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** The certificate the node serves now, verified against its certificate authority. */
    static X509Certificate served(NodeProcess node) throws IOException, GeneralSecurityException {
        try (SSLSocket socket = connect(node, trusting(node.certificateAuthority()))) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * Waits until the HTTPS port serves a certificate the node's authority signed: the key store ships empty and
     * the node writes its certificate into it at start.
     */
    static X509Certificate awaitServing(NodeProcess node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(node.certificateAuthority())) {
                    return served(node);
                }
            } catch (IOException | GeneralSecurityException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the HTTPS port " + node.httpsPort() + " served no certificate of "
                + node.certificateAuthority() + " within " + timeout + ": " + last);
    }

    static String sha256(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** Base64 of the SHA-256 of the certificate's public key: what Chromium pins with --ignore-certificate-errors-spki-list. */
    static String spkiSha256(X509Certificate certificate) throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    }
}
