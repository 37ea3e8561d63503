package org.aegis.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aegis.api.security.ClientCertificateCodec;
import org.aegis.api.security.IssuedClientCertificate;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.ServerCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCredentialsTest {
    private static final String PEER = "12D3KooWP84YzanCRkmfX6NKbWTRfsWHTCMr7jy2HZc6WnWgGvd8";
    private static final char[] PASSWORD = "aegis-tls".toCharArray();
    private static final Set<String> NAMES = Set.of("DNS:localhost", "IP:127.0.0.1", "URI:aegis:peer:" + PEER);

    @TempDir
    Path dir;
    private TlsFiles files;
    private final CertificateMaker maker = new CertificateMaker();
    private final List<String> warnings = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");

    @BeforeEach
    void files() {
        files = new TlsFiles(dir.resolve("etc/tls/server.p12"), dir.resolve("etc/tls/clients.p12"), PASSWORD,
                dir.resolve("data/aegis/tls/ca.p12"), dir.resolve("data/aegis/tls/ca.crt"),
                dir.resolve("etc/aegis-tls.crt"), dir.resolve("etc/aegis-tls.key"),
                dir.resolve("etc/aegis-client-ca.crt"));
    }

    private TlsCredentials credentials() {
        return new TlsCredentials(files, new PlainFiles(), maker, Clock.fixed(now, ZoneOffset.UTC), PEER, NAMES, Duration.ofDays(365),
                Duration.ofDays(30), warnings::add);
    }

    private X509Certificate servedLeaf() {
        return KeyStores.readKey(files.keyStore(), PASSWORD, "test").orElseThrow().leaf();
    }

    @Test
    void aFreshNodeServesACertificateOfItsAuthorityNamingItsPeerId() throws Exception {
        TlsCredentials credentials = credentials();
        assertTrue(credentials.refresh());
        X509Certificate leaf = servedLeaf();
        leaf.verify(credentials.authority().certificate().getPublicKey());
        assertEquals(NAMES, Set.copyOf(NodeNames.describe(leaf)));
        assertEquals("CN=" + PEER + ",O=AEGIS", leaf.getSubjectX500Principal().getName());
        assertEquals("EC", leaf.getPublicKey().getAlgorithm());
        assertEquals(List.of(credentials.authority().certificate()),
                KeyStores.readTrusted(files.trustStore(), PASSWORD));
        ServerCertificate shown = credentials.server();
        assertEquals(ServedCredential.GENERATED, shown.source());
        assertEquals(files.authorityPem().toString(), shown.trustAnchorFile());
        assertEquals(Fingerprints.sha256(leaf), shown.sha256());
        // the authority's certificate file is what clients pass to --cacert
        X509Certificate authority = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(files.authorityPem())));
        leaf.verify(authority.getPublicKey());
        assertFalse(credentials.refresh(), "nothing changed: Jetty's key store is not rewritten");
    }

    @Test
    void aRestartKeepsTheAuthorityAndTheServedCertificate() {
        TlsCredentials first = credentials();
        first.refresh();
        X509Certificate leaf = servedLeaf();
        TlsCredentials second = credentials();
        assertFalse(second.refresh());
        assertEquals(first.authority().certificate(), second.authority().certificate());
        assertEquals(leaf, servedLeaf());
    }

    @Test
    void aCertificateNearItsEndIsRenewed() {
        credentials().refresh();
        X509Certificate leaf = servedLeaf();
        now = now.plus(Duration.ofDays(340));
        assertTrue(credentials().refresh());
        assertNotEquals(leaf, servedLeaf());
        assertTrue(servedLeaf().getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(300))));
    }

    @Test
    void theOperatorsPemFilesAreServedWhileTheyExistAndBadOnesChangeNothing() throws Exception {
        TlsCredentials credentials = credentials();
        credentials.refresh();
        X509Certificate generated = servedLeaf();

        Authority operatorCa = maker.authority("operator", now, Duration.ofDays(30));
        KeyPair keys = maker.newKeyPair();
        X509Certificate operatorLeaf = maker.server(operatorCa, keys.getPublic(), "node1.example.org",
                NodeNames.generalNames(List.of("DNS:node1.example.org")), now, Duration.ofDays(90));
        Files.writeString(files.operatorCertificate(), Pem.encode(operatorLeaf, operatorCa.certificate()), US_ASCII);
        Files.writeString(files.operatorKey(), Pem.encode(keys.getPrivate()), US_ASCII);
        assertTrue(credentials.refresh());
        assertEquals(operatorLeaf, servedLeaf());
        assertEquals(files.operatorCertificate().toString(), credentials.server().source());

        // a key that is not the certificate's: refused, named, and the operator's previous certificate stays
        Files.writeString(files.operatorKey(), Pem.encode(maker.newKeyPair().getPrivate()), US_ASCII);
        assertFalse(credentials.refresh());
        assertEquals(operatorLeaf, servedLeaf());
        assertTrue(warnings.stream().anyMatch(w -> w.contains(files.operatorKey().toString())
                && w.contains("does not belong")), warnings::toString);

        Files.writeString(files.operatorCertificate(), "-----BEGIN CERTIFICATE-----\nnot base64\n", US_ASCII);
        assertFalse(credentials.refresh());
        assertEquals(operatorLeaf, servedLeaf());

        Files.delete(files.operatorCertificate());
        Files.delete(files.operatorKey());
        assertTrue(credentials.refresh());
        X509Certificate back = servedLeaf();
        back.verify(credentials.authority().certificate().getPublicKey());
        assertNotEquals(generated, back, "a new generated certificate, not the old one");
    }

    @Test
    void clientCertificatesCarryTheirRoleAndChainToTheAuthority() throws Exception {
        TlsCredentials credentials = credentials();
        credentials.refresh();
        IssuedClientCertificate issued = credentials.issueClient("alice", Role.OPERATOR, Duration.ofDays(30));
        X509Certificate certificate = Pem.certificates(issued.certificatePem().getBytes(US_ASCII), "issued").get(0);
        certificate.verify(credentials.authority().certificate().getPublicKey());
        Pem.checkPair(Pem.privateKey(issued.privateKeyPem().getBytes(US_ASCII), "issued"), certificate, "issued");
        Principal principal = ClientCertificateCodec.principal(certificate).orElseThrow();
        assertEquals("cert:alice", principal.subject());
        assertEquals(Role.OPERATOR, principal.role());
        assertEquals("x509:" + issued.serial(), principal.tokenId());
        assertFalse(issued.toString().contains("PRIVATE KEY"));
        assertThrows(IllegalArgumentException.class, () -> credentials.issueClient("a,OU=admin", Role.READER,
                Duration.ofDays(1)));
    }

    @Test
    void theOperatorsClientCasAreTrustedBesideTheNodesAuthority() throws Exception {
        TlsCredentials credentials = credentials();
        credentials.refresh();
        Authority operatorCa = maker.authority("operator", now, Duration.ofDays(30));
        Files.writeString(files.operatorClientCa(), Pem.encode(operatorCa.certificate()), US_ASCII);
        assertTrue(credentials.refresh(), "the key store is rewritten so that Jetty reloads the trust store");
        assertEquals(List.of(credentials.authority().certificate(), operatorCa.certificate()),
                KeyStores.readTrusted(files.trustStore(), PASSWORD));
    }
}
