package org.aegis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.aegis.api.security.TokenService;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The built distribution, started by Pax Exam: bundles, components, the REST API over real HTTP, security,
 * audit, shell commands, threads left by bundle stops, and a live {@code bundle:update}. Methods run in name
 * order because the last ones stop and update bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class NodeDistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return Distribution.options();
    }

    @Before
    public void waitForBoot() throws Exception {
        Distribution.awaitBoot(context);
    }

    private Http http() {
        return Distribution.http();
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        return Distribution.service(context, type);
    }

    private List<Bundle> aegisBundles() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().startsWith("org.aegis."))
                .collect(Collectors.toList());
    }

    /** Every component of every AEGIS bundle, waited for until satisfied; returns the ones that are not. */
    private List<String> unsatisfiedComponents() throws InterruptedException {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        long deadline = System.nanoTime() + Distribution.WAIT.toNanos();
        List<String> problems;
        do {
            problems = new ArrayList<>();
            for (Bundle bundle : aegisBundles()) {
                for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                    if (!scr.isComponentEnabled(description)) {
                        problems.add(description.name + " disabled");
                        continue;
                    }
                    var configurations = scr.getComponentConfigurationDTOs(description);
                    // a factory-configured plugin (one OpenAI server per configuration) has none until configured
                    if (configurations.isEmpty() && !"require".equals(description.configurationPolicy)) {
                        problems.add(description.name + " has no configuration");
                    }
                    for (ComponentConfigurationDTO configuration : configurations) {
                        if (configuration.state != ComponentConfigurationDTO.SATISFIED
                                && configuration.state != ComponentConfigurationDTO.ACTIVE) {
                            problems.add(description.name + " state " + configuration.state
                                    + (configuration.failure == null ? "" : ": " + configuration.failure));
                        }
                    }
                }
            }
            if (problems.isEmpty()) {
                return problems;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return problems;
    }

    private String adminToken() throws InterruptedException {
        return service(TokenService.class).initialAdminToken().token();
    }

    private String shell(String command) throws Exception {
        return Distribution.shell(context, command);
    }

    @Test
    public void a01_everyAegisBundleIsActive() {
        List<Bundle> bundles = aegisBundles();
        List<String> expected = List.of("org.aegis.api", "org.aegis.auth", "org.aegis.consensus.pbft", "org.aegis.dashboard",
                "org.aegis.events", "org.aegis.events.redis", "org.aegis.federated",
                "org.aegis.identity", "org.aegis.metrics", "org.aegis.model.local", "org.aegis.model.openai",
                "org.aegis.model.orchestrator", "org.aegis.monitoring", "org.aegis.node", "org.aegis.rest", "org.aegis.shell", "org.aegis.store", "org.aegis.tls",
                "org.aegis.tracing", "org.aegis.transport.libp2p");
        assertEquals(expected, bundles.stream().map(Bundle::getSymbolicName).sorted().collect(Collectors.toList()));
        for (Bundle bundle : bundles) {
            assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void a02_everyComponentIsSatisfied() throws Exception {
        assertEquals(List.of(), unsatisfiedComponents());
    }

    @Test
    public void a03_implementationsImportOnlyTheApiOfAegis() {
        for (Bundle bundle : aegisBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                String provider = wire.getProvider().getBundle().getSymbolicName();
                if (provider.startsWith("org.aegis.") && !provider.equals(bundle.getSymbolicName())) {
                    assertEquals(bundle.getSymbolicName() + " imports "
                            + wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)
                            + " from " + provider, "org.aegis.api", provider);
                }
            }
        }
    }

    @Test
    public void b01_healthIs200OverHttp() throws Exception {
        Http.Reply reply = http().await("/api/health", 200, Distribution.WAIT);
        JsonNode health = JSON.readTree(reply.body());
        assertEquals("healthy", health.get("status").asText());
        for (String component : List.of("store", "identity", "auth", "metrics")) {
            assertEquals(component, "up", health.path("components").path(component).path("status").asText());
        }
    }

    @Test
    public void b02_nodeStatusShowsThePeerId() throws Exception {
        Http.Reply reply = http().get("/api/v1/node", null);
        assertEquals(reply.body(), 200, reply.status());
        String peerId = JSON.readTree(reply.body()).get("peer_id").asText();
        assertTrue(peerId, peerId.startsWith("12D3KooW"));
    }

    @Test
    public void c01_mutationWithoutTokenIs401AndAudited() throws Exception {
        Http http = http();
        http.await("/api/health", 200, Distribution.WAIT);
        Http.Reply reply = http.post("/api/v1/tokens", null, "{\"role\":\"reader\",\"subject\":\"eve\"}");
        assertEquals(reply.body(), 401, reply.status());
        assertTrue(reply.body(), JSON.readTree(reply.body()).get("error").asText().contains("authentication required"));
        JsonNode last = lastAuditEntry();
        assertEquals("anonymous", last.get("actor").asText());
        assertEquals("POST /api/v1/tokens", last.get("action").asText());
        assertEquals("401", last.get("outcome").asText());
    }

    @Test
    public void c02_adminIssuesATokenAndTheAuditLogRecordsIt() throws Exception {
        Http http = http();
        Http.Reply reply = http.post("/api/v1/tokens", adminToken(),
                "{\"role\":\"operator\",\"subject\":\"alice\",\"expires_in\":\"PT1H\"}");
        assertEquals(reply.body(), 201, reply.status());
        JsonNode issued = JSON.readTree(reply.body());
        assertEquals("operator", issued.get("role").asText());
        JsonNode last = lastAuditEntry();
        assertEquals("admin", last.get("actor").asText());
        assertEquals("201", last.get("outcome").asText());
        assertTrue(last.toString(), last.get("detail").asText().contains(issued.get("token_id").asText()));

        // The operator token reads everything a reader may, but may not issue tokens nor read the audit log.
        String operator = issued.get("token").asText();
        assertEquals(200, http.get("/api/v1/node", operator).status());
        assertEquals(403, http.post("/api/v1/tokens", operator, "{\"role\":\"reader\",\"subject\":\"x\"}").status());
        assertEquals(403, http.get("/api/v1/audit", operator).status());
        assertEquals(401, http.get("/api/v1/audit", null).status());
        assertEquals(401, http.get("/api/v1/node", operator + "x").status());
    }

    @Test
    public void c03_malformedBodiesGet400WithAReasonAndChangeNothing() throws Exception {
        Http http = http();
        String admin = adminToken();
        long before = lastAuditEntry().get("sequence").asLong();
        String[][] cases = {
            {"{\"role\":", "malformed JSON body"},
            {"[1,2]", "malformed JSON body"},
            {"{\"role\":\"reader\",\"subject\":\"x\",\"ttl\":5}", "unknown field 'ttl'"},
            {"{\"role\":\"root\",\"subject\":\"x\"}", "unknown role 'root'"},
            {"{\"role\":\"reader\"}", "'subject' is required"},
            {"{\"role\":\"reader\",\"subject\":\"x\",\"expires_in\":\"soon\"}", "ISO-8601"},
            {"{\"role\":\"reader\",\"subject\":\"x\",\"expires_in\":\"P9999D\"}", "lifetime"},
        };
        for (String[] c : cases) {
            Http.Reply reply = http.post("/api/v1/tokens", admin, c[0]);
            assertEquals(c[0] + " -> " + reply.body(), 400, reply.status());
            String error = JSON.readTree(reply.body()).get("error").asText();
            assertTrue(c[0] + " -> " + error, error.contains(c[1]));
        }
        // Each refused call is audited with its 400, and no token was issued by any of them.
        JsonNode entries = JSON.readTree(http.get("/api/v1/audit?from=" + (before + 1), admin).body()).get("entries");
        assertEquals(cases.length, entries.size());
        for (JsonNode entry : entries) {
            assertEquals("400", entry.get("outcome").asText());
            assertEquals("", entry.get("detail").asText());
        }
    }

    /** The penetration test's escalation: an operator changed node-local security settings by a config decision. */
    @Test
    public void c04_anOperatorCannotChangeNodeLocalSettingsByDecision() throws Exception {
        Http http = http();
        Http.Reply issued = http.post("/api/v1/tokens", adminToken(), "{\"role\":\"operator\",\"subject\":\"mallory\"}");
        String operator = JSON.readTree(issued.body()).get("token").asText();
        String[][] attacks = {
            {"{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.auth\",\"properties\":{\"clockSkewSeconds\":3600}}}",
                "org.aegis.auth is node-local"},
            {"{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.model.openai~x\",\"properties\":{\"baseUrl\":\"http://evil.example/v1\"}}}",
                "org.aegis.model.openai~x is node-local"},
            {"{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.metrics\",\"properties\":{\"seed\":7}}}",
                "node-local properties of org.aegis.metrics"},
        };
        for (String[] attack : attacks) {
            Http.Reply reply = http.post("/api/v1/proposals?wait=5", operator, attack[0]);
            assertEquals(attack[0] + " -> " + reply.body(), 403, reply.status());
            assertTrue(reply.body(), JSON.readTree(reply.body()).get("error").asText().contains(attack[1]));
        }
        String shellRefusal;
        try {
            shellRefusal = shell("aegis:propose config '{\"pid\":\"org.aegis.auth\",\"properties\":{\"clockSkewSeconds\":3600}}'");
        } catch (Exception e) {
            shellRefusal = String.valueOf(e.getMessage());
        }
        assertTrue(shellRefusal, shellRefusal.contains("org.aegis.auth is node-local"));

        ConfigurationAdmin configurations = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration[] auth = configurations.listConfigurations("(service.pid=org.aegis.auth)");
        if (auth != null) {
            Object skew = auth[0].getProperties() == null ? null : auth[0].getProperties().get("clockSkewSeconds");
            assertNotEquals("3600", String.valueOf(skew));
        }
        assertNull(configurations.listConfigurations("(service.factoryPid=org.aegis.model.openai)"));

        // A network-wide setting still changes by decision.
        Http.Reply allowed = http.post("/api/v1/proposals?wait=10", operator,
                "{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":{\"maxTokens\":4096}}}");
        assertEquals(allowed.body(), 201, allowed.status());
    }

    /**
     * The pen test's flood: 2,000 garbage tokens from one address got 2,000 × 401, no 429, and 2,000 audit rows.
     * It comes from 127.0.0.2, so that the other tests' address (127.0.0.1) keeps its budget of failures.
     */
    @Test
    public void c05_aFloodOfBadTokensIsLimitedBeforeValidationAndAuditedOnce() throws Exception {
        String flooder = "127.0.0.2";
        long before = lastAuditEntry().get("sequence").asLong();
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 200; i++) {
            int status = rawStatus(flooder, "POST /api/v1/proposals HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer garbage."
                    + i + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            if (status == 401) {
                unauthorized++;
            } else if (status == 429) {
                limited++;
            } else {
                fail("a garbage token got " + status);
            }
        }
        // authFailuresPerMinute = 30, refilling one every 2 s while the flood runs
        assertTrue(unauthorized + " × 401", unauthorized >= 30 && unauthorized <= 45);
        assertEquals(200 - unauthorized, limited);

        // a valid token from the flooding address is let through again as soon as one failure has refilled
        String admin = adminToken();
        String read = "GET /api/v1/node HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin
                + "\r\nConnection: close\r\n\r\n";
        int status = rawStatus(flooder, read);
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                status == 429 && System.nanoTime() < deadline; status = rawStatus(flooder, read)) {
            Thread.sleep(500);
        }
        assertEquals(200, status);

        JsonNode entries = JSON.readTree(http().get("/api/v1/audit?from=" + (before + 1), admin).body()).get("entries");
        // the first 401 and the first 429 now; their repeats become one summary each when the minute ends
        assertEquals(entries.toString(), 2, entries.size());
        assertEquals("401", entries.get(0).get("outcome").asText());
        assertEquals("429", entries.get(1).get("outcome").asText());
        assertEquals(flooder, entries.get(1).get("client").asText());
    }

    /** Raw HTTP/1.1 on the node's port, for headers an HTTP client will not send (Host, chunked bodies); the status. */
    private static int rawStatus(String request) throws Exception {
        return rawStatus("127.0.0.1", request);
    }

    /** As {@link #rawStatus(String)}, sent from {@code from}, an address of the loopback network 127.0.0.0/8. */
    private static int rawStatus(String from, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.getInteger(Distribution.PORT_PROPERTY)), 10_000);
            socket.setSoTimeout(10_000);
            // written beside the read: the node may answer (413) and close before it has read the whole request
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException refusedMidway) {
                    // the answer is read below
                }
            }, "raw-http-writer");
            writer.start();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            writer.join(10_000);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** The pen test's browser attacks: DNS rebinding through open loopback reads, and /ws read from any page. */
    @Test
    public void c06_rebindingAndCrossSiteReadsAreRefused() throws Exception {
        assertEquals(403, rawStatus("GET /api/v1/node HTTP/1.1\r\nHost: evil.example:8003\r\nConnection: close\r\n\r\n"));
        assertEquals(200, rawStatus("GET /api/v1/node HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        String admin = adminToken();
        assertEquals(200, rawStatus("GET /api/v1/node HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + admin
                + "\r\nConnection: close\r\n\r\n"));

        URI ws = URI.create("ws://127.0.0.1:" + Integer.getInteger(Distribution.PORT_PROPERTY) + "/ws");
        assertEquals("a page of another site", 403, webSocketUpgrade(ws, "http://evil.example"));
        assertEquals("the node's own dashboard", 101, webSocketUpgrade(ws, "http://127.0.0.1:" + Integer.getInteger(Distribution.PORT_PROPERTY)));
    }

    /** Opens /ws with this Origin: the HTTP status that refused the upgrade, or 101 when it streams. */
    private static int webSocketUpgrade(URI uri, String origin) throws Exception {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
                    .buildAsync(uri, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The pen test's wrong status codes. */
    @Test
    public void c07_badParametersAre400AndOverLimitChunkedBodiesAre413() throws Exception {
        Http http = http();
        String admin = adminToken();
        assertEquals(400, http.post("/api/v1/proposals?wait=abc", admin, "{\"kind\":\"note\",\"payload\":1}").status());
        Http.Reply from = http.get("/api/v1/decisions?from=abc", admin);
        assertEquals(from.body(), 400, from.status());
        assertTrue(from.body(), from.body().contains("'from' must be a whole number"));
        assertEquals(400, http.get("/api/v1/audit?from=abc", admin).status());

        // 300 KiB sent chunked (no Content-Length): refused with 413 once the limit (256 KiB) is passed
        String chunk = "x".repeat(0x8000);
        StringBuilder request = new StringBuilder("POST /api/v1/proposals HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        request.append("1\r\n\"\r\n");
        for (int i = 0; i < 10; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        assertEquals(413, rawStatus(request.toString()));
    }

    /** The pen test's audit gaps: refused chats unaudited, 413/415 named anonymous, a submission unaudited at a crash. */
    @Test
    public void c08_refusalsNameTheirCallerAndSubmissionsAreAuditedBeforeTheyLeave() throws Exception {
        Http http = http();
        String admin = adminToken();
        Http.Reply issued = http.post("/api/v1/tokens", admin, "{\"role\":\"reader\",\"subject\":\"rita\"}");
        String reader = JSON.readTree(issued.body()).get("token").asText();
        long before = lastAuditEntry().get("sequence").asLong();

        assertEquals(403, http.post("/v1/chat/completions", reader, "{\"model\":\"default\",\"messages\":[]}").status());
        assertEquals(415, http.post("/api/v1/tokens", admin, "text/plain", "role=reader").status());
        // (a 413 on another path: c07's on /api/v1/proposals is still folding its repeats for this minute)
        assertEquals(413, http.post("/api/v1/tokens", admin, "{\"role\":\"reader\",\"subject\":\""
                + "x".repeat(100 * 1024) + "\"}").status());
        assertEquals(201, http.post("/api/v1/proposals?wait=10", admin, "{\"id\":\"audited-1\",\"kind\":\"note\",\"payload\":1}").status());

        JsonNode entries = JSON.readTree(http.get("/api/v1/audit?from=" + (before + 1), admin).body()).get("entries");
        List<String> seen = new ArrayList<>();
        entries.forEach(e -> seen.add(e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("outcome").asText()));
        assertEquals(List.of(
                "rita POST /v1/chat/completions 403",
                "admin POST /api/v1/tokens 415",
                "admin POST /api/v1/tokens 413",
                "admin propose note submitted",
                "admin POST /api/v1/proposals 201"), seen);
    }

    @Test
    public void c09_aRevokedTokenAndTokensOfARotatedKeyAreRefused() throws Exception {
        Http http = http();
        String admin = adminToken();
        JsonNode issued = JSON.readTree(http.post("/api/v1/tokens", admin, "{\"role\":\"operator\",\"subject\":\"leaver\"}").body());
        String operator = issued.get("token").asText();
        assertEquals(200, http.get("/api/v1/node", operator).status());
        assertEquals(204, http.delete("/api/v1/tokens/" + issued.get("token_id").asText(), admin).status());
        Http.Reply refused = http.get("/api/v1/consensus", operator);
        assertEquals(401, refused.status());
        assertTrue(refused.body(), refused.body().contains("token revoked"));

        String before = JSON.readTree(http.post("/api/v1/tokens", admin, "{\"role\":\"reader\",\"subject\":\"old\"}").body())
                .get("token").asText();
        Http.Reply rotated = http.post("/api/v1/tokens/signing-key", admin, "{\"grace\":\"PT0S\"}");
        assertEquals(rotated.body(), 200, rotated.status());
        String newAdmin = JSON.readTree(rotated.body()).get("token").asText();
        assertEquals(newAdmin, adminToken());
        assertEquals(401, http.get("/api/v1/consensus", before).status());
        assertEquals(401, http.get("/api/v1/audit", admin).status());
        assertEquals(200, http.get("/api/v1/audit", newAdmin).status());
    }

    /** Tokens are secrets: none of those this run issued or used may appear in the node's log. */
    @Test
    public void c10_noTokenReachesTheLog() throws Exception {
        Http http = http();
        String admin = adminToken();
        String operator = JSON.readTree(http.post("/api/v1/tokens", admin, "{\"role\":\"operator\",\"subject\":\"logged\"}")
                .body()).get("token").asText();
        http.post("/api/v1/proposals", operator, "{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.auth\",\"properties\":{\"a\":1}}}");
        http.get("/api/v1/node", operator.substring(0, operator.length() - 2) + "xx");
        shell("aegis:token --role reader --subject logged-too");
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        String text = Files.readString(log);
        for (String token : List.of(admin, operator)) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertFalse("a token's signature is in " + log, text.contains(signature));
        }
    }

    /**
     * The pen test's slow bodies: connections that send a request's headers without a token and then its body a byte
     * at a time took every Jetty worker, and /api/health timed out. 80 of them, from 127.0.0.3, held for 6 s.
     */
    @Test
    public void c11_slowBodiesWithoutATokenHoldNoWorker() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0.3", 0));
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.getInteger(Distribution.PORT_PROPERTY)), 5_000);
                socket.getOutputStream().write(("POST /api/v1/proposals HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            for (int second = 0; second < 6; second++) {
                for (Socket socket : slow) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (IOException closedByTheNode) {
                        // refused and closed: what should happen
                    }
                }
                long start = System.nanoTime();
                assertEquals(200, http().get("/api/health", null).status());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue("/api/health took " + millis + " ms under 80 slow bodies", millis < 2_000);
                Thread.sleep(1_000);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * The pen test's handshake flood: idle TCP connections to the libp2p port each held a descriptor, with no bound
     * but the handshake timeout. 100 from 127.0.0.4: the node keeps a handful (8 per address by default) and closes
     * the rest unread, and answers all the while.
     */
    @Test
    public void c12_aFloodOfIdleLibp2pConnectionsIsCutAndTheNodeAnswers() throws Exception {
        JsonNode status = JSON.readTree(http().get("/api/network/status", null).body());
        String address = status.get("listen_addresses").get(0).asText(); // /ip4/127.0.0.1/tcp/PORT
        int port = Integer.parseInt(address.substring(address.indexOf("/tcp/") + 5).split("/")[0]);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0.4", 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(1_000);
                idle.add(socket);
            }
            int cut = 0;
            for (Socket socket : idle) {
                try {
                    // a connection the node keeps waits for our handshake: it sends its multistream header or
                    // nothing; one it refuses is closed or reset at once
                    byte[] buffer = new byte[64];
                    if (socket.getInputStream().read(buffer) < 0) {
                        cut++;
                    }
                } catch (SocketTimeoutException kept) {
                    // still open
                } catch (IOException reset) {
                    cut++;
                }
            }
            assertTrue(cut + " of 100 idle connections cut", cut >= 90);
            assertEquals(200, http().get("/api/health", null).status());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    public void d01_shellCommandsWork() throws Exception {
        String status = shell("aegis:status");
        assertTrue(status, status.contains("12D3KooW"));
        String health = shell("aegis:health");
        assertTrue(health, health.contains("Overall: UP") && health.contains("store"));
        String issued = shell("aegis:token --role reader --subject bob --expires PT10M");
        String token = issued.lines().filter(l -> l.startsWith("Token")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElseThrow(() -> new AssertionError(issued));
        assertEquals(200, http().get("/api/v1/node", token).status());
        String initial = shell("aegis:token --initial");
        assertTrue(initial, initial.contains(adminToken()));
        // a refused command throws (so bin/client exits non-zero), naming what is wrong
        // (no assertThrows here: the probe bundle cannot see JUnit's ThrowingRunnable)
        try {
            fail("aegis:token --role root printed " + shell("aegis:token --role root"));
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("Unknown role 'root'"));
        }
    }

    /**
     * For each AEGIS bundle: the threads that appear while it starts must be gone once it stops, and no live
     * thread may run its code or hold its class loader. (An idle pool thread shows no bundle frame in its stack,
     * so comparing thread sets is what catches a pool that was never shut down.)
     */
    @Test
    public void e01_stoppingEachAegisBundleLeavesNoThreadBehind() throws Exception {
        for (Bundle bundle : aegisBundles()) {
            String bsn = bundle.getSymbolicName();
            bundle.stop();
            Set<Thread> before = liveThreads();
            bundle.start();
            assertEquals("after starting " + bsn, List.of(), unsatisfiedComponents());
            Set<Thread> started = liveThreads();
            started.removeAll(before);
            ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
            bundle.stop();
            List<String> leaked = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                leaked = leakedThreads(bsn, loader, started);
                if (leaked.isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            bundle.start();
            assertEquals("threads left by stopping " + bsn, List.of(), leaked);
            assertEquals("after restarting " + bsn, List.of(), unsatisfiedComponents());
        }
        http().await("/api/health", 200, Distribution.WAIT);
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !t.isAlive());
        return threads;
    }

    /**
     * Live threads that the bundle's start created, or that run code of the bundle (its root package = its
     * symbolic name), or that hold its class loader.
     */
    private static List<String> leakedThreads(String bsn, ClassLoader loader, Set<Thread> startedWithBundle) {
        List<String> found = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.isAlive() || thread == Thread.currentThread()) {
                return;
            }
            boolean runsBundleCode = Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(bsn + "."));
            if (startedWithBundle.contains(thread) || runsBundleCode || thread.getContextClassLoader() == loader) {
                found.add(thread.getName());
            }
        });
        return found;
    }

    @Test
    public void f01_bundleUpdateOfRestKeepsServing() throws Exception {
        Http http = http();
        http.await("/api/health", 200, Distribution.WAIT);
        Bundle rest = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.aegis.rest"))
                .findFirst().orElseThrow();
        long modifiedBefore = rest.getLastModified();
        String output = shell("bundle:update org.aegis.rest");
        assertFalse(output, output.toLowerCase().contains("error"));
        assertTrue("bundle:update did not update the bundle", rest.getLastModified() > modifiedBefore);
        http.await("/api/health", 200, Distribution.WAIT);
        assertEquals(200, http.get("/api/v1/node", null).status());
        Http.Reply reply = http.post("/api/v1/tokens", null, "{}");
        assertEquals("security is back with the updated bundle", 401, reply.status());
    }

    private JsonNode lastAuditEntry() throws Exception {
        Http http = http();
        String admin = adminToken();
        long from = 1;
        JsonNode last = null;
        while (true) {
            JsonNode page = JSON.readTree(http.get("/api/v1/audit?limit=1000&from=" + from, admin).body());
            JsonNode entries = page.get("entries");
            if (entries == null) {
                fail("audit read failed: " + page);
            }
            if (entries.size() == 0) {
                return last;
            }
            last = entries.get(entries.size() - 1);
            from = page.get("next").asLong();
        }
    }
}
