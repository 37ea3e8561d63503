package org.aegis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One check of {@code itests/browser/dashboard.mjs}: Playwright driving Debian's Chromium against a running node,
 * in its own Node.js process. The script reports JSON lines; when it says {@code {"await": name}} the driver's
 * action for that name runs (e.g. cutting the node's WebSocket) and the script is told to go on.
 */
final class BrowserCheck {
    /** What the script reported: its steps, and its verdict with the reason for a failure. */
    record Outcome(boolean passed, String message, List<JsonNode> steps, String log) {
        String describe() {
            return message + "\nsteps: " + steps + (log.isBlank() ? "" : "\nstderr:\n" + log);
        }
    }

    /** Something the driver does when the script asks for it. */
    interface Action {
        void run() throws Exception;
    }

    static final Path CHROMIUM = Path.of(System.getProperty("aegis.chromium", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserCheck() {
    }

    static Outcome run(String check, List<String> arguments, Map<String, Action> actions, Duration timeout)
            throws IOException, InterruptedException {
        Path browser = Path.of(System.getProperty("aegis.browser.dir", "browser")).toAbsolutePath();
        if (!Files.isDirectory(browser.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + browser + "/node_modules: run"
                    + " `npm ci` there (mvn verify runs it in the itests module's generate-test-resources phase)");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (`apt-get install -y"
                    + " chromium`; .ci/run does it) or point -Daegis.chromium at a Chromium");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("aegis.node", "node"), "dashboard.mjs", check));
        command.addAll(arguments);
        Path log = Files.createTempFile("dashboard-" + check + "-", ".log");
        Process process = new ProcessBuilder(command).directory(browser.toFile())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "browser-check-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        List<JsonNode> steps = new ArrayList<>();
        JsonNode result = null;
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8);
             Writer answers = process.outputWriter(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode message = JSON.readTree(line);
                if (message.has("await")) {
                    String name = message.get("await").asText();
                    Action action = actions.get(name);
                    if (action == null) {
                        throw new IllegalStateException("the browser check asked for '" + name + "', which this test does not do");
                    }
                    try {
                        action.run();
                    } catch (Exception e) {
                        throw new IllegalStateException("the driver's '" + name + "' failed: " + e.getMessage(), e);
                    }
                    answers.write("done\n");
                    answers.flush();
                } else if (message.has("result")) {
                    result = message;
                } else {
                    steps.add(message);
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        String stderr = Files.readString(log);
        Files.deleteIfExists(log);
        if (result == null) {
            return new Outcome(false, "the browser check ended without a result (exit " + process.exitValue()
                    + (process.exitValue() == 137 ? ", killed after " + timeout : "") + ")", steps, stderr);
        }
        boolean passed = result.get("result").asText().equals("pass") && process.exitValue() == 0;
        return new Outcome(passed, result.path("message").asText("passed"), steps, stderr);
    }
}
