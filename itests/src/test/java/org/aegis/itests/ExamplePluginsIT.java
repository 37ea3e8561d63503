package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.aegis.itests.OpenAiApi.LOCAL_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The REST-resource and shell-command examples, as built by the reactor, dropped into a running node's
 * {@code deploy/}: the plugin's routes join the node's API with its security (roles checked, refusals audited) and
 * the plugin's command runs from {@code bin/client} with the exit status a script relies on.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExamplePluginsIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration DEPLOY = Duration.ofSeconds(60);
    private static final String MODELS = "/api/v1/example/models";

    private static Path classPathJar(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                .orElseThrow(() -> new IllegalStateException(artifact + " is not on the test class path"));
    }

    @Test
    void restAndShellPluginsJoinTheNodeWithItsSecurity() throws Exception {
        try (NodeProcess node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                Path.of(System.getProperty("project.build.directory", "target"), "example-plugins"))) {
            node.start();
            OpenAiApi.awaitModelReady(node, START);
            String reader = node.token("--role reader --subject rita");
            String operator = node.token("--role operator --subject otto");
            String admin = node.adminToken();
            for (String example : new String[] {"org.aegis.example.rest", "org.aegis.example.command"}) {
                Files.copy(classPathJar(example), node.home().resolve("deploy").resolve(example + ".jar"));
            }

            Http.Reply models = node.http().await(MODELS, 200, DEPLOY);
            assertTrue(models.body().contains(LOCAL_MODEL), models.body());
            assertEquals(200, node.http().get(MODELS, reader).status());

            String question = "{\"question\": \"Define: politics\", \"max_tokens\": 8}";
            String route = MODELS + "/" + LOCAL_MODEL + "/questions";
            assertEquals(401, node.http().post(route, "not-a-token", question).status());
            Http.Reply refused = node.http().post(route, reader, question);
            assertEquals(403, refused.status(), refused.body());
            Http.Reply answered = node.http().post(route, operator, question);
            assertEquals(200, answered.status(), answered.body());
            assertTrue(JSON.readTree(answered.body()).size() > 0, answered.body());
            assertEquals(400, node.http().post(route, operator, "{\"question\": \"\"}").status());

            JsonNode audit = JSON.readTree(node.http().get("/api/v1/audit?from=1&limit=1000", admin).body());
            boolean refusalAudited = false;
            for (JsonNode entry : audit.path("entries").isMissingNode() ? audit : audit.path("entries")) {
                refusalAudited |= entry.toString().contains("rita") && entry.toString().contains("example/models");
            }
            assertTrue(refusalAudited, "the reader's refused question is in the audit log: " + audit);

            NodeProcess.ClientRun ask = awaitCommand(node, "example:ask --model " + LOCAL_MODEL + " --max-tokens 8 Define: politics");
            assertEquals(0, ask.exit(), ask.output());
            NodeProcess.ClientRun unknown = node.client("example:ask --model no-such-model hello", Duration.ofSeconds(60));
            assertNotEquals(0, unknown.exit(), unknown.output());
            assertTrue(unknown.output().contains("no-such-model"), unknown.output());
        }
    }

    /** Runs the plugin's command once Karaf has registered it (a moment after the bundle started). */
    private static NodeProcess.ClientRun awaitCommand(NodeProcess node, String command) throws Exception {
        long deadline = System.nanoTime() + DEPLOY.toNanos();
        while (true) {
            NodeProcess.ClientRun run = node.client(command, Duration.ofSeconds(60));
            if (run.exit() == 0 || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(500);
        }
    }
}
