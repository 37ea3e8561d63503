package org.aegis.model.local;

import java.util.Arrays;

/**
 * One reply being generated, character by character, after a prompt. {@link #next} returns the text as it comes, in
 * fragments: whitespace is held back until a visible character follows it, so a reply never starts or ends with
 * whitespace. Generation stops ({@code stop}) at a sentence end (. ! ?) followed by whitespace, or at a blank line,
 * or ({@code length}) after {@code maxTokens} generated characters. Not thread-safe: one task drives it at a time.
 */
final class Generation {
    static final String STOP = "stop";
    static final String LENGTH = "length";

    private final CharModel model;
    private final int maxTokens;
    private final Sampler sampler;
    private final float[] input;
    private final float[] hidden;
    private final float[] logits;
    private final StringBuilder heldWhitespace = new StringBuilder();
    private final int promptTokens;
    /** The prompt's tokens followed by the generated ones; the model reads the last {@code context} of them. */
    private int[] tokens;
    private int length;
    private int generated;
    private int lastVisible = -1;
    private String finishReason;

    Generation(CharModel model, String prompt, int maxTokens, Sampler sampler) {
        this.model = model;
        this.maxTokens = maxTokens;
        this.sampler = sampler;
        int[] promptTokens = model.vocabulary().encode(prompt);
        this.promptTokens = promptTokens.length;
        this.tokens = Arrays.copyOf(promptTokens, promptTokens.length + Math.min(maxTokens, 1024));
        this.length = promptTokens.length;
        ModelShape shape = model.shape();
        this.input = new float[shape.input()];
        this.hidden = new float[shape.hidden()];
        this.logits = new float[shape.vocabulary()];
        if (maxTokens == 0) {
            finishReason = LENGTH;
        }
    }

    /** The next fragment of the reply, or {@code null} when the reply is complete. */
    String next() {
        while (finishReason == null) {
            int codePoint = model.vocabulary().codePoint(sampleNext());
            if (generated == maxTokens) {
                finishReason = LENGTH;
            }
            if (!Character.isWhitespace(codePoint)) {
                String fragment = heldWhitespace.append(Character.toChars(codePoint)).toString();
                heldWhitespace.setLength(0);
                lastVisible = codePoint;
                return fragment;
            }
            if (isSentenceEnd(lastVisible) || codePoint == '\n' && heldWhitespace.indexOf("\n") >= 0) {
                finishReason = STOP;
            } else if (lastVisible >= 0) {
                heldWhitespace.appendCodePoint(codePoint);
            }
        }
        return null;
    }

    private int sampleNext() {
        CharMlp net = model.net();
        net.gatherInput(tokens, length, input);
        net.hidden(input, hidden);
        net.logits(hidden, logits);
        logits[Vocabulary.BOUNDARY] = Float.NEGATIVE_INFINITY;
        int token = sampler.sample(logits);
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[length++] = token;
        generated++;
        return token;
    }

    private static boolean isSentenceEnd(int codePoint) {
        return codePoint == '.' || codePoint == '!' || codePoint == '?';
    }

    boolean finished() {
        return finishReason != null;
    }

    /** {@link #STOP} or {@link #LENGTH} once finished, else {@code null}. */
    String finishReason() {
        return finishReason;
    }

    int promptTokens() {
        return promptTokens;
    }

    /** Characters the model generated so far, whitespace held back or dropped included. */
    int completionTokens() {
        return generated;
    }
}
