package org.aegis.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes ECDSA P-256 keys and the three kinds of certificate the node needs, signed SHA256withECDSA. */
final class CertificateMaker {
    /** Certificates start a little in the past: a client whose clock is slightly behind still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private final SecureRandom random = new SecureRandom();

    KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make ECDSA P-256 keys", e);
        }
    }

    /** A self-signed certificate authority that signs the node's server certificate and its client certificates. */
    Authority authority(String peerId, Instant now, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=AEGIS node CA " + peerId + ",O=AEGIS");
        X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), now, validity);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the certificate authority", e);
        }
        return new Authority(keys, sign(builder, keys));
    }

    /** The server certificate: the node's names in its subject alternative names, the peer id in its subject. */
    X509Certificate server(Authority issuer, PublicKey key, String peerId, List<GeneralName> names, Instant now,
            Duration validity) {
        X509v3CertificateBuilder builder = builder(issuer.certificate().getSubjectX500Principal(),
                new X500Principal("CN=" + peerId + ",O=AEGIS"), key, now, validity);
        leafExtensions(builder, issuer, key, KeyPurposeId.id_kp_serverAuth);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot add the subject alternative names " + names, e);
        }
        return sign(builder, issuer.keys());
    }

    /** A client certificate for mutual TLS, with {@code subject} following {@code ClientCertificateCodec}. */
    X509Certificate client(Authority issuer, PublicKey key, String subject, Instant now, Duration validity) {
        X509v3CertificateBuilder builder = builder(issuer.certificate().getSubjectX500Principal(),
                new X500Principal(subject), key, now, validity);
        leafExtensions(builder, issuer, key, KeyPurposeId.id_kp_clientAuth);
        return sign(builder, issuer.keys());
    }

    private X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, PublicKey key, Instant now,
            Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a certificate's validity must be positive, was " + validity);
        }
        BigInteger serial = new BigInteger(127, random).setBit(126); // positive, 16 bytes, unpredictable
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, key);
    }

    private static void leafExtensions(X509v3CertificateBuilder builder, Authority issuer, PublicKey key,
            KeyPurposeId purpose) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.certificate()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a certificate's extensions", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }
}
