package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A plugin author's first quarter of an hour, with no network: the archetype (installed by the build into the local
 * Maven repository, as {@code mvn install} does for an author) generates a project of every kind, each builds and
 * passes its own tests; a generated model provider dropped into a running node's {@code deploy/} answers through
 * REST and the shell, is updated in place by copying a new build over it, and is gone when its file is deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PluginArchetypeIT {
    private static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate";
    private static final List<String> KINDS = List.of("model-provider", "transport", "consensus-engine",
            "aggregation-strategy", "training-task", "shell-command", "rest-resource");
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration DEPLOY = Duration.ofSeconds(60);
    private Path work;

    @BeforeAll
    void cleanWorkFolder() throws IOException {
        work = Path.of(System.getProperty("project.build.directory", "target"), "plugin-archetype").toAbsolutePath();
        if (Files.exists(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
    }

    /** Runs Maven offline on the build's local repository; returns its output, failing unless it exits with 0. */
    private String maven(Path folder, boolean mustSucceed, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-ntp",
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")));
        command.addAll(List.of(arguments));
        Process maven = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!maven.waitFor(5, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " did not finish");
        }
        if (mustSucceed) {
            assertEquals(0, maven.exitValue(), "mvn " + String.join(" ", arguments) + ":\n" + output);
        } else {
            assertNotEquals(0, maven.exitValue(), "mvn " + String.join(" ", arguments) + " succeeded:\n" + output);
        }
        return output;
    }

    private String generate(String kind, String artifactId, boolean mustSucceed) throws Exception {
        return maven(work, mustSucceed, ARCHETYPE_PLUGIN, "-DarchetypeCatalog=local",
                "-DarchetypeGroupId=org.aegis", "-DarchetypeArtifactId=org.aegis.plugin.archetype",
                "-DarchetypeVersion=" + System.getProperty("aegis.version"), "-DgroupId=com.acme",
                "-DartifactId=" + artifactId, "-Dversion=1.0.0", "-Dpackage=com.acme." + artifactId.replace("-", ""),
                "-Dkind=" + kind);
    }

    private Path jar(Path project) {
        return project.resolve("target").resolve(project.getFileName() + "-1.0.0.jar");
    }

    @Test
    void everyKindGeneratesAProjectThatBuildsAndPassesItsOwnTests() throws Exception {
        for (String kind : KINDS) {
            String artifactId = "acme-" + kind;
            generate(kind, artifactId, true);
            Path project = work.resolve(artifactId);
            assertFalse(Files.exists(project.resolve("kinds")), kind + ": the other kinds' sources were left behind");
            String build = maven(project, true, "verify");
            assertTrue(build.contains("Tests run:") && !build.contains("Tests run: 0,"), kind + " ran no tests:\n" + build);
            try (JarFile bundle = new JarFile(jar(project).toFile())) {
                var manifest = bundle.getManifest().getMainAttributes();
                assertEquals(artifactId, manifest.getValue("Bundle-SymbolicName"));
                assertTrue(manifest.getValue("Import-Package").contains("org.aegis.api"), kind + ": " + manifest);
            }
        }
    }

    @Test
    void anUnknownKindIsRefusedAndLeavesNothingBehind() throws Exception {
        String output = generate("toaster", "acme-toaster", false);

        assertTrue(output.contains("-Dkind=toaster is not a kind of AEGIS plugin; choose one of"), output);
        assertFalse(Files.exists(work.resolve("acme-toaster")));
    }

    @Test
    void aGeneratedProviderIsDeployedUsedUpdatedAndRemovedOnARunningNode() throws Exception {
        generate("model-provider", "acme-echo", true);
        Path project = work.resolve("acme-echo");
        Path provider = project.resolve("src/main/java/com/acme/acmeecho/EchoModelProvider.java");
        Files.writeString(provider, Files.readString(provider).replace("\"example-echo\"", "\"acme-echo\""));
        maven(project, true, "package");

        try (NodeProcess node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                work.resolve("node"))) {
            node.start();
            node.awaitReady(START);
            String admin = node.adminToken();
            Path deployed = node.home().resolve("deploy").resolve("acme-echo.jar");

            Files.copy(jar(project), deployed);
            await(() -> models(node, admin).contains("acme-echo"), "the plugin's model is listed");
            assertEquals("hello from REST", reply(node, admin, "hello from REST"));
            assertTrue(node.shell("aegis:chat --model acme-echo hello from the shell").contains("hello from the shell"));

            // the update: a new build copied over the deployed file (atomically, as an operator's cp to a temp name
            // and mv would) replaces the bundle in place
            Files.writeString(provider, Files.readString(provider).replace("return message.content();",
                    "return message.content().toUpperCase(java.util.Locale.ROOT);"));
            // the generated tests pin the old behaviour (and fail, as they should): build the new one without them
            maven(project, true, "package", "-DskipTests");
            Path staged = node.home().resolve("acme-echo.jar.new");
            Files.copy(jar(project), staged);
            Files.move(staged, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await(() -> "UPDATED".equals(reply(node, admin, "updated")), "the updated plugin answers");

            Files.delete(deployed);
            await(() -> !models(node, admin).contains("acme-echo"), "the plugin's model is gone");
            assertEquals(404, node.http().post("/v1/chat/completions", admin, chatBody("x")).status());
            assertFalse(node.shell("bundle:list -s").contains("acme-echo"), "the bundle is uninstalled");
        }
    }

    private static List<String> models(NodeProcess node, String token) {
        try {
            List<String> ids = new ArrayList<>();
            JSON.readTree(node.http().get("/v1/models", token).body()).path("data")
                    .forEach(model -> ids.add(model.path("id").asText()));
            return ids;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String chatBody(String message) {
        ObjectNode body = JSON.createObjectNode().put("model", "acme-echo").put("max_tokens", 16);
        body.putArray("messages").addObject().put("role", "user").put("content", message);
        return body.toString();
    }

    /** The plugin's reply to {@code message}, or null while it does not answer. */
    private static String reply(NodeProcess node, String token, String message) {
        try {
            Http.Reply reply = node.http().post("/v1/chat/completions", token, chatBody(message));
            JsonNode body = JSON.readTree(reply.body());
            return reply.status() == 200 ? body.path("choices").path(0).path("message").path("content").asText() : null;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEPLOY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + DEPLOY);
            }
            Thread.sleep(250);
        }
    }
}
