package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * HTTPS on a fresh distribution, as an operator and remote clients use it: {@code curl --cacert} with the certificate
 * the node made at first start, plain HTTP on loopback only, client certificates instead of tokens (mutual TLS), and
 * the operator's own certificate served without a restart while an open connection goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsDistributionIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private NodeProcess node;
    private Path work;

    @BeforeAll
    void startNode() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")), target.resolve("tls-node"));
        work = Files.createDirectories(target.resolve("tls-work"));
        node.start();
        node.awaitReady(START);
        NodeTls.awaitServing(node, START);
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void curlWithTheNodesAuthorityReachesTheApiOverHttps() throws Exception {
        for (String host : List.of("127.0.0.1", "localhost")) {
            CurlReply health = curl("--cacert", node.certificateAuthority().toString(),
                    "https://" + host + ":" + node.httpsPort() + "/api/health");
            assertEquals(0, health.exit(), health.toString());
            assertEquals(200, health.status(), health.toString());
            assertTrue(health.body().contains("\"status\":\"healthy\""), health.body());
        }
        // without the authority, curl refuses the certificate: it is the node's own, not a public CA's
        CurlReply untrusted = curl("https://127.0.0.1:" + node.httpsPort() + "/api/health");
        assertEquals(60, untrusted.exit(), untrusted.toString()); // CURLE_PEER_FAILED_VERIFICATION

        X509Certificate served = NodeTls.served(node);
        String peerId = JSON.readTree(node.http().get("/api/v1/node", null).body()).path("peer_id").asText();
        assertTrue(served.getSubjectAlternativeNames().stream()
                .anyMatch(name -> name.get(1).equals("aegis:peer:" + peerId)), served.toString());
        assertEquals("EC", served.getPublicKey().getAlgorithm());
        node.shellUntil("aegis:status", "HTTPS SHA-256: " + NodeTls.sha256(served), Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void plainHttpListensOnLoopbackOnlyAndHttpsOnEveryInterface() throws Exception {
        List<InetAddress> http = listening(node.httpPort());
        assertFalse(http.isEmpty(), "nothing listens on " + node.httpPort());
        assertTrue(http.stream().allMatch(InetAddress::isLoopbackAddress), "plain HTTP listens on " + http);
        assertTrue(listening(node.httpsPort()).stream().anyMatch(InetAddress::isAnyLocalAddress),
                "HTTPS listens on " + listening(node.httpsPort()));
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            try (Socket https = new Socket()) {
                https.connect(new InetSocketAddress(external.get(), node.httpsPort()), 5_000);
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket plain = new Socket()) {
                    plain.connect(new InetSocketAddress(external.get(), node.httpPort()), 5_000);
                }
            });
        }
    }

    @Test
    @Order(3)
    void clientCertificatesStandForTheirRoleAndCanBeRevoked() throws Exception {
        Path certs = Files.createDirectories(work.resolve("clients"));
        String ca = node.certificateAuthority().toString();
        String base = "https://127.0.0.1:" + node.httpsPort();
        String admin = issue("admin", "root", certs);
        String operator = issue("operator", "ops", certs);
        issue("reader", "viewer", certs);

        // loopback reads are open, but the audit is admin's only: without a certificate or token, 401
        assertEquals(401, curl("--cacert", ca, base + "/api/v1/audit").status());
        assertEquals(403, curl(client(certs, "viewer", ca, base + "/api/v1/audit")).status());
        CurlReply audit = curl(client(certs, "root", ca, base + "/api/v1/audit"));
        assertEquals(200, audit.status(), audit.toString());

        String note = "{\"kind\":\"note\",\"payload\":{\"by\":\"mtls\"}}";
        List<String> propose = new ArrayList<>(client(certs, "ops", ca, base + "/api/v1/proposals?wait=10"));
        propose.addAll(List.of("-X", "POST", "-H", "Content-Type: application/json", "--data", note));
        CurlReply proposed = curl(propose);
        assertTrue(proposed.status() == 200 || proposed.status() == 201, proposed.toString());
        List<String> asReader = new ArrayList<>(client(certs, "viewer", ca, base + "/api/v1/proposals?wait=10"));
        asReader.addAll(List.of("-X", "POST", "-H", "Content-Type: application/json", "--data", note));
        assertEquals(403, curl(asReader).status());

        JsonNode entries = JSON.readTree(curl(client(certs, "root", ca, base + "/api/v1/audit")).body()).path("entries");
        assertTrue(entries.findValuesAsText("actor").contains("cert:ops"), entries.toString());

        // revoked like a token, by its id
        String said = node.shell("aegis:token --revoke " + operator);
        assertTrue(said.contains("Revoked"), said);
        CurlReply revoked = curl(propose);
        assertEquals(401, revoked.status(), revoked.toString());
        assertTrue(revoked.body().contains("revoked"), revoked.body());
        assertTrue(admin.startsWith("x509:"), admin);

        // a certificate of an authority the node does not trust: the handshake refuses it
        Path key = certs.resolve("stranger.key");
        Path certificate = certs.resolve("stranger.crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2",
                "-subj", "/CN=stranger/OU=admin/O=AEGIS");
        CurlReply stranger = curl("--cacert", ca, "--cert", certificate.toString(), "--key", key.toString(),
                base + "/api/v1/audit");
        assertNotEquals(200, stranger.status(), stranger.toString());
    }

    @Test
    @Order(4)
    void anOperatorsCertificateIsServedWithoutARestartAndOpenConnectionsGoOn() throws Exception {
        String startedAt = JSON.readTree(node.http().get("/api/v1/node", null).body()).path("started_at").asText();
        Path key = work.resolve("rotated.key");
        Path certificate = work.resolve("rotated.crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "30",
                "-subj", "/CN=rotated.example", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        SSLContext trustingBoth = NodeTls.trusting(node.certificateAuthority(), certificate);
        try (SSLSocket open = NodeTls.connect(node, trustingBoth)) {
            String before = ((X509Certificate) open.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
            assertFalse(before.contains("rotated.example"), before);
            assertEquals(200, healthOver(open));

            // the operator drops their files into etc/: key first, so the pair is complete once the certificate lands
            Files.copy(key, node.home().resolve("etc/aegis-tls.key"));
            Files.copy(certificate, node.home().resolve("etc/aegis-tls.crt"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String now = before;
            while (!now.contains("rotated.example") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try (SSLSocket fresh = NodeTls.connect(node, trustingBoth)) {
                    now = ((X509Certificate) fresh.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                }
            }
            assertEquals("CN=rotated.example", now, "new connections get the operator's certificate");
            assertEquals(200, healthOver(open), "the connection opened before the rotation goes on");
        }
        CurlReply pinned = curl("--cacert", certificate.toString(),
                "https://127.0.0.1:" + node.httpsPort() + "/api/health");
        assertEquals(200, pinned.status(), pinned.toString());
        assertEquals(startedAt,
                JSON.readTree(node.http().get("/api/v1/node", null).body()).path("started_at").asText(),
                "the node did not restart");
        String shown = node.shellUntil("aegis:cert", "CN=rotated.example", Duration.ofSeconds(30));
        assertTrue(shown.contains("Source      : " + node.home().resolve("etc/aegis-tls.crt")), shown);
    }

    /** Issues a client certificate with the shell; returns its id ({@code x509:…}). */
    private String issue(String role, String name, Path folder) throws Exception {
        String said = node.shell("aegis:cert --role " + role + " --name " + name + " --out " + folder + " issue");
        assertTrue(Files.exists(folder.resolve(name + ".crt")) && Files.exists(folder.resolve(name + ".key")), said);
        return said.lines().filter(l -> l.startsWith("Id")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no Id in: " + said));
    }

    private static List<String> client(Path folder, String name, String ca, String url) {
        return List.of("--cacert", ca, "--cert", folder.resolve(name + ".crt").toString(),
                "--key", folder.resolve(name + ".key").toString(), url);
    }

    /** One GET /api/health over an open HTTP/1.1 connection, which stays open; returns the status. */
    private static int healthOver(SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                in.readNBytes((int) size);
                line(in);
            }
            line(in);
        } else if (length >= 0) {
            in.readNBytes((int) length);
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The local addresses of the sockets listening on {@code port}, from the kernel's tables. */
    private static List<InetAddress> listening(int port) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String row : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = row.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if ("0A".equals(fields[3]) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(kernelAddress(local[0]));
                }
            }
        }
        return addresses;
    }

    /** /proc/net/tcp writes an address as 32-bit words in host (little-endian) order. */
    private static InetAddress kernelAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                Optional<InetAddress> address = nic.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst();
                if (address.isPresent()) {
                    return address;
                }
            }
        }
        return Optional.empty();
    }

    /** What curl did: its exit code, the HTTP status (0 when none) and the body, with curl's error if it failed. */
    private record CurlReply(int exit, int status, String body) {
    }

    private CurlReply curl(String... arguments) throws Exception {
        return curl(List.of(arguments));
    }

    private CurlReply curl(List<String> arguments) throws Exception {
        Path body = Files.createTempFile(work, "curl-", ".body");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-m", "20", "-o", body.toString(),
                "-w", "%{http_code}"));
        command.addAll(arguments);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        String code = printed.length() >= 3 ? printed.substring(printed.length() - 3) : "000";
        return new CurlReply(curl.exitValue(), code.matches("\\d{3}") ? Integer.parseInt(code) : 0,
                Files.readString(body) + (curl.exitValue() == 0 ? "" : " [curl: " + printed + "]"));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
                String.join(" ", command) + ": " + printed);
    }
}
