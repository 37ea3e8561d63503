package org.aegis.model.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text the model learns from, as tokens of its own alphabet. The bundled one is Ambrose Bierce's The Devil's
 * Dictionary (1911, public domain), see {@code corpus/LICENSE} and the bundle's README.md.
 */
final class Corpus {
    static final String BUNDLED = "corpus/devils-dictionary.txt";

    private final Vocabulary vocabulary;
    private final int[] tokens;
    private final String digest;

    private Corpus(String raw) {
        String text = normalize(raw);
        if (text.codePoints().count() < 2) {
            throw new IllegalArgumentException("a corpus needs at least two characters");
        }
        this.vocabulary = Vocabulary.of(text);
        this.tokens = vocabulary.encode(text);
        this.digest = sha256(text);
    }

    /** The text with its whitespace normalized (see {@link #normalize}). */
    static Corpus of(String text) {
        return new Corpus(text);
    }

    /**
     * Collapses runs of spaces and tabs to one space, drops them at the ends of lines, and keeps at most one blank
     * line in a row. The book indents its verses and signatures by up to 60 spaces; a model that sees only a few
     * characters back would spend them on counting spaces, and greedy decoding would get stuck in that indentation.
     */
    static String normalize(String text) {
        return text.replace("\r\n", "\n")
                .replaceAll("[ \t]+", " ")
                .replaceAll("(?m)^ | $", "")
                .replaceAll("\n{3,}", "\n\n")
                .strip();
    }

    /** The corpus shipped in this bundle. */
    static Corpus bundled() {
        try (InputStream in = Corpus.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled corpus " + BUNDLED + " is missing");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled corpus " + BUNDLED, e);
        }
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The text as tokens; shared, not to be modified. */
    int[] tokens() {
        return tokens;
    }

    int length() {
        return tokens.length;
    }

    /** SHA-256 of the normalized text's UTF-8 bytes, in hex. */
    String digest() {
        return digest;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
