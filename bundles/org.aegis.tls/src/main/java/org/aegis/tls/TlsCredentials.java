package org.aegis.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.aegis.api.security.ClientCertificateCodec;
import org.aegis.api.security.IssuedClientCertificate;
import org.aegis.api.security.Role;
import org.aegis.api.security.ServerCertificate;
import org.aegis.api.store.PrivateFiles;

/**
 * Decides what the HTTPS port serves and writes it where Jetty reads it. The operator's PEM files win when present
 * and valid; otherwise a certificate signed by the node's authority, renewed before it expires or when the node's
 * names change. Jetty reloads its key store when the file changes, so nothing restarts and open connections stay.
 * A bad operator file is reported and changes nothing: the node keeps serving what it served.
 */
final class TlsCredentials {
    private final TlsFiles files;
    private final PrivateFiles privateFiles;
    private final CertificateMaker maker;
    private final Clock clock;
    private final String peerId;
    private final Set<String> names;
    private final Duration serverValidity;
    private final Duration renewBefore;
    private final Consumer<String> warn;
    private final Authority authority;
    private ServedCredential served;
    private List<X509Certificate> trusted;
    /** The operator files' bytes when last looked at: unchanged files are not parsed again. */
    private List<byte[]> lastInputs = List.of();

    TlsCredentials(TlsFiles files, PrivateFiles privateFiles, CertificateMaker maker, Clock clock, String peerId, Set<String> names,
            Duration serverValidity, Duration renewBefore, Consumer<String> warn) {
        if (!renewBefore.isNegative() && renewBefore.compareTo(serverValidity) >= 0) {
            throw new IllegalArgumentException("renewBefore (" + renewBefore + ") must be shorter than the server"
                    + " certificate's validity (" + serverValidity + ")");
        }
        this.files = files;
        this.privateFiles = privateFiles;
        this.maker = maker;
        this.clock = clock;
        this.peerId = peerId;
        this.names = Set.copyOf(names);
        this.serverValidity = serverValidity;
        this.renewBefore = renewBefore;
        this.warn = warn;
        // the authority's folder is made the owner's alone; Jetty's stores are written 0600 into their folder as it
        // is (the distribution ships it with the two empty stores, which hold nothing to hide)
        privateFiles.folder(files.authorityStore().toAbsolutePath().getParent());
        Path jettyFolder = files.keyStore().toAbsolutePath().getParent();
        if (!Files.isDirectory(jettyFolder)) {
            privateFiles.folder(jettyFolder);
        }
        this.authority = loadOrMakeAuthority();
        this.served = KeyStores.readKey(files.keyStore(), files.storePassword(), ServedCredential.GENERATED)
                .orElse(null);
        this.trusted = KeyStores.readTrusted(files.trustStore(), files.storePassword());
    }

    Authority authority() {
        return authority;
    }

    /**
     * Brings the stores up to date: called at start and then periodically. Returns whether Jetty's key store was
     * rewritten (Jetty reloads it within its scan interval).
     */
    synchronized boolean refresh() {
        List<byte[]> inputs = Arrays.asList(read(files.operatorCertificate()), read(files.operatorKey()),
                read(files.operatorClientCa()));
        boolean inputsChanged = !sameBytes(inputs, lastInputs);
        lastInputs = inputs;
        List<X509Certificate> wantedTrust = inputsChanged || trusted.isEmpty() ? trustAnchors(inputs.get(2)) : trusted;
        ServedCredential wanted = inputsChanged || served == null || needsRenewal(served)
                ? wantedCredential(inputs.get(0), inputs.get(1)) : served;
        boolean trustChanged = !KeyStores.sameCertificates(wantedTrust, trusted);
        boolean credentialChanged = served == null || !KeyStores.sameCertificates(wanted.chain(), served.chain());
        if (trustChanged) {
            privateFiles.write(files.trustStore(), KeyStores.trustStore(wantedTrust, files.storePassword()));
            trusted = wantedTrust;
        }
        boolean rewrite = credentialChanged || trustChanged;
        if (rewrite) {
            // Jetty watches the key store only, and reloads both stores when it changes: written last
            privateFiles.write(files.keyStore(), KeyStores.keyStore(wanted.key(), wanted.chain(), files.storePassword()));
        }
        served = wanted;
        return rewrite;
    }

    synchronized ServerCertificate server() {
        X509Certificate leaf = served.leaf();
        boolean generated = ServedCredential.GENERATED.equals(served.source());
        return new ServerCertificate(leaf.getSubjectX500Principal().getName(), NodeNames.describe(leaf),
                Fingerprints.sha256(leaf), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                served.source(), generated ? files.authorityPem().toString() : served.source());
    }

    IssuedClientCertificate issueClient(String name, Role role, Duration validity) {
        String subject = ClientCertificateCodec.subject(name, role);
        KeyPair keys = maker.newKeyPair();
        X509Certificate certificate = maker.client(authority, keys.getPublic(), subject, clock.instant(), validity);
        return new IssuedClientCertificate(name, role, certificate.getSerialNumber().toString(16),
                Pem.encode(certificate), Pem.encode(keys.getPrivate()), Pem.encode(authority.certificate()),
                Fingerprints.sha256(certificate), certificate.getNotAfter().toInstant());
    }

    private ServedCredential wantedCredential(byte[] certificatePem, byte[] keyPem) {
        if (certificatePem != null || keyPem != null) {
            try {
                return operatorCredential(certificatePem, keyPem);
            } catch (TlsFileException e) {
                warn.accept("Not serving the operator's certificate: " + e.getMessage() + (served == null ? ""
                        : "; still serving " + served.leaf().getSubjectX500Principal().getName()));
                if (served != null) {
                    return served;
                }
            }
        }
        if (served != null && ServedCredential.GENERATED.equals(served.source()) && !needsRenewal(served)) {
            return served;
        }
        KeyPair keys = maker.newKeyPair();
        X509Certificate leaf = maker.server(authority, keys.getPublic(), peerId, NodeNames.generalNames(names),
                clock.instant(), serverValidity);
        return new ServedCredential(keys.getPrivate(), List.of(leaf, authority.certificate()),
                ServedCredential.GENERATED);
    }

    private ServedCredential operatorCredential(byte[] certificatePem, byte[] keyPem) {
        String certificateFile = files.operatorCertificate().toString();
        String keyFile = files.operatorKey().toString();
        if (certificatePem == null || keyPem == null) {
            throw new TlsFileException("both " + certificateFile + " and " + keyFile + " are needed; only "
                    + (certificatePem == null ? keyFile : certificateFile) + " exists");
        }
        List<X509Certificate> chain = Pem.certificates(certificatePem, certificateFile);
        PrivateKey key = Pem.privateKey(keyPem, keyFile);
        Pem.checkPair(key, chain.get(0), keyFile);
        Instant notAfter = chain.get(0).getNotAfter().toInstant();
        if (!notAfter.isAfter(clock.instant())) {
            throw new TlsFileException(certificateFile + ": the certificate expired at " + notAfter);
        }
        return new ServedCredential(key, chain, certificateFile);
    }

    /** A generated certificate is renewed when it nears its end, names other names, or another authority signed it. */
    private boolean needsRenewal(ServedCredential credential) {
        if (!ServedCredential.GENERATED.equals(credential.source())) {
            return false;
        }
        X509Certificate leaf = credential.leaf();
        boolean expiring = !leaf.getNotAfter().toInstant().isAfter(clock.instant().plus(renewBefore));
        boolean otherNames = !new HashSet<>(NodeNames.describe(leaf)).equals(names);
        boolean otherIssuer = credential.chain().size() < 2
                || !KeyStores.sameCertificates(List.of(credential.chain().get(1)), List.of(authority.certificate()));
        return expiring || otherNames || otherIssuer;
    }

    private List<X509Certificate> trustAnchors(byte[] operatorCaPem) {
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(authority.certificate());
        if (operatorCaPem != null) {
            try {
                anchors.addAll(Pem.certificates(operatorCaPem, files.operatorClientCa().toString()));
            } catch (TlsFileException e) {
                warn.accept("Not trusting the operator's client CAs: " + e.getMessage());
                return trusted.isEmpty() ? anchors : trusted;
            }
        }
        return anchors;
    }

    private Authority loadOrMakeAuthority() {
        Optional<ServedCredential> stored = KeyStores.readKey(files.authorityStore(), files.storePassword(), "ca");
        if (stored.isPresent()) {
            X509Certificate certificate = stored.get().leaf();
            Authority existing = new Authority(new KeyPair(certificate.getPublicKey(), stored.get().key()), certificate);
            writeAuthorityPem(existing);
            return existing;
        }
        if (Files.exists(files.authorityStore())) {
            throw new IllegalStateException(files.authorityStore() + " exists but cannot be read with the configured"
                    + " store password; restore it, or delete it to make a new authority (clients must then trust"
                    + " the new " + files.authorityPem() + ", and client certificates it issued stop working)");
        }
        Authority made = maker.authority(peerId, clock.instant(), Duration.ofDays(3650));
        privateFiles.write(files.authorityStore(), KeyStores.keyStore(made.keys().getPrivate(),
                List.of(made.certificate()), files.storePassword()));
        writeAuthorityPem(made);
        return made;
    }

    private void writeAuthorityPem(Authority authority) {
        byte[] pem = Pem.encode(authority.certificate()).getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(pem, read(files.authorityPem()))) {
            privateFiles.write(files.authorityPem(), pem);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new TlsFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
