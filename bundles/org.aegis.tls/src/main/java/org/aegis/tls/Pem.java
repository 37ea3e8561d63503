package org.aegis.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM certificates and private keys (BouncyCastle's parser and writer); errors name the file. */
final class Pem {
    private Pem() {
    }

    /** Every certificate in {@code pem}, in order; at least one. */
    static List<X509Certificate> certificates(byte[] pem, String file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = parser(pem)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new TlsFileException(file + ": expected only certificates (BEGIN CERTIFICATE), found "
                            + object.getClass().getSimpleName());
                }
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw e instanceof TlsFileException t ? t : new TlsFileException(file + ": not a PEM certificate: " + e, e);
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(file + ": no certificate (BEGIN CERTIFICATE) in it");
        }
        return certificates;
    }

    /** The one private key in {@code pem}: PKCS#8 ({@code BEGIN PRIVATE KEY}), or EC / RSA in OpenSSL's format. */
    static PrivateKey privateKey(byte[] pem, String file) {
        try (PEMParser parser = parser(pem)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new TlsFileException(file + ": no private key (BEGIN PRIVATE KEY) in it");
            }
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new TlsFileException(file + ": the private key is encrypted; give it unencrypted (the file's"
                        + " mode protects it), e.g. openssl pkey -in " + file + " -out " + file);
            }
            throw new TlsFileException(file + ": expected a private key, found " + object.getClass().getSimpleName());
        } catch (IOException | RuntimeException e) {
            throw e instanceof TlsFileException t ? t : new TlsFileException(file + ": not a PEM private key: " + e, e);
        }
    }

    /** Refuses a key that does not belong to the certificate: it signs a challenge the certificate's key verifies. */
    static void checkPair(PrivateKey key, X509Certificate certificate, String file) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new TlsFileException(file + ": unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] challenge = "aegis-tls-key-check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new TlsFileException(file + ": the private key does not belong to the certificate "
                        + certificate.getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file + ": the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName() + " (" + e.getMessage() + ")", e);
        }
    }

    /** {@code objects} (certificates, keys) as PEM text. */
    static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                if (object instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null)); // BEGIN PRIVATE KEY, as openssl writes
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return out.toString();
    }

    private static PEMParser parser(byte[] pem) {
        return new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)));
    }
}
