package org.aegis.model.local;

import java.util.Arrays;
import java.util.Objects;

/**
 * The model's alphabet: the distinct characters of its corpus. Token 0 is the boundary, which stands for "before the
 * start of the text" in a context window and is never generated; tokens 1.. are the characters in code point order.
 * One token is one character (a Unicode code point); characters outside the alphabet are read as a space.
 */
final class Vocabulary {
    static final int BOUNDARY = 0;

    private final int[] codePoints;
    private final int space;

    private Vocabulary(int[] codePoints) {
        this.codePoints = codePoints;
        int at = Arrays.binarySearch(codePoints, ' ');
        if (at < 0) {
            throw new IllegalArgumentException("the alphabet has no space character");
        }
        this.space = at + 1;
    }

    /** The distinct characters of {@code text}. */
    static Vocabulary of(String text) {
        return new Vocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** The alphabet written by {@link #alphabet()}. */
    static Vocabulary fromAlphabet(String alphabet) {
        int[] points = alphabet.codePoints().toArray();
        for (int i = 1; i < points.length; i++) {
            if (points[i] <= points[i - 1]) {
                throw new IllegalArgumentException("alphabet is not in strictly increasing code point order");
            }
        }
        return new Vocabulary(points);
    }

    /** The characters of the alphabet, in token order. */
    String alphabet() {
        return new String(codePoints, 0, codePoints.length);
    }

    /** Number of tokens, the boundary included. */
    int size() {
        return codePoints.length + 1;
    }

    int encode(int codePoint) {
        int at = Arrays.binarySearch(codePoints, codePoint);
        return at < 0 ? space : at + 1;
    }

    int[] encode(CharSequence text) {
        return text.codePoints().map(this::encode).toArray();
    }

    /** The character of a token other than the boundary. */
    int codePoint(int token) {
        Objects.checkIndex(token - 1, codePoints.length);
        return codePoints[token - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
