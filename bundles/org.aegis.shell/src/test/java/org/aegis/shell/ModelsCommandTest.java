package org.aegis.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ProviderStatus;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    @Test
    void showsModelsAndProvidersWithTheirCircuitAndLoad() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelsCommand.print(List.of(new ModelInfo("gpt-4o-mini", "openai", Set.of("chat", "embeddings"))),
                List.of(new ProviderStatus("openai", List.of("gpt-4o-mini"), ProviderStatus.Circuit.OPEN, 2, 40, 7,
                        812.25, 1000, 2000, "HTTP 503")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : new String[] {"gpt-4o-mini", "chat, embeddings", "openai", "OPEN", "812.3",
            "1000/2000", "HTTP 503", "40", "7"}) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }

    @Test
    void saysWhenNoProviderIsInstalled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelsCommand.print(List.of(), List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("No model provider installed."));
    }
}
