package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GenerationTest {
    private static final CharModel MODEL = TinyModels.MODEL;

    @Test
    void greedyGenerationIsDeterministic() {
        Reply first = generate("LAWYER, n.  One skilled in", 120, 0, 1);
        Reply second = generate("LAWYER, n.  One skilled in", 120, 0, 2);
        assertEquals(first, second);
        assertFalse(first.text().isEmpty());
    }

    @Test
    void generatedTextIsMadeOfCorpusCharactersAndVaries() {
        Set<Integer> alphabet = new HashSet<>();
        MODEL.vocabulary().alphabet().codePoints().forEach(alphabet::add);
        Set<String> replies = new HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            String text = generate("The ", 80, 1.0, seed).text();
            text.codePoints().forEach(c -> assertTrue(alphabet.contains(c), "not in the corpus: " + (char) c));
            replies.add(text);
        }
        assertTrue(replies.size() >= 5, "sampling gave the same replies: " + replies);
        Set<String> greedy = new HashSet<>();
        for (String prompt : List.of("ABSURDITY, n.", "ZEAL, n.", "In 1881 ", "He said")) {
            greedy.add(generate(prompt, 12, 0, 1).text());
        }
        assertTrue(greedy.size() >= 3, "greedy replies do not depend on the prompt: " + greedy);
    }

    @Test
    void stopsAtTheTokenLimitOrASentenceEndAndTrimsWhitespace() {
        for (long seed = 1; seed <= 20; seed++) {
            Reply reply = generate("He said", 150, 1.0, seed);
            assertTrue(reply.completionTokens() <= 150);
            assertEquals(reply.text().strip(), reply.text());
            if (reply.finishReason().equals(Generation.STOP)) {
                assertTrue(reply.completionTokens() < 150 || reply.text().matches("(?s).*[.!?]"), reply.toString());
                String body = reply.text();
                // a sentence end followed by whitespace ends the reply, so none occurs inside it
                assertFalse(body.matches("(?s).*[.!?]\\s.*"), reply.toString());
                assertFalse(body.contains("\n\n"), reply.toString());
            } else {
                assertEquals(Generation.LENGTH, reply.finishReason());
                assertEquals(150, reply.completionTokens());
            }
        }
        Reply short1 = generate("He said", 5, 0, 1);
        assertEquals(5, short1.completionTokens());
        assertTrue(short1.text().length() <= 5);
    }

    @Test
    void countsPromptCharactersAsTokens() {
        Generation generation = new Generation(MODEL, "héllo ✓", 3, new Sampler(0, 0, new SplittableRandom(1)));
        assertEquals(7, generation.promptTokens());
    }

    private static Reply generate(String prompt, int maxTokens, double temperature, long seed) {
        Generation generation = new Generation(MODEL, prompt, maxTokens,
                new Sampler(temperature, 20, new SplittableRandom(seed)));
        StringBuilder text = new StringBuilder();
        for (String fragment = generation.next(); fragment != null; fragment = generation.next()) {
            text.append(fragment);
        }
        assertTrue(generation.finished());
        return new Reply(text.toString(), generation.finishReason(), generation.completionTokens());
    }

    private record Reply(String text, String finishReason, int completionTokens) {
    }
}
