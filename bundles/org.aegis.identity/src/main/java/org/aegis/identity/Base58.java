package org.aegis.identity;

import java.util.Objects;

/**
 * Base58 with the Bitcoin alphabet ({@code base58btc}), as libp2p uses for peer ids.
 *
 * <p>The bytes are read as one big-endian number written in base 58; each leading zero byte is written as a
 * leading {@code '1'} (the digit zero), so that leading zeros survive a round trip. The mapping between byte
 * arrays and strings is one to one.
 */
final class Base58 {
    /** The Bitcoin alphabet: digits and letters without {@code 0 O I l}. */
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static final int BASE = 58;
    private static final char ZERO_DIGIT = '1';

    private Base58() {
    }

    /** The base58btc text of {@code bytes}; the empty array gives the empty string. */
    static String encode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        int zeros = leadingZeroBytes(bytes);

        // The number's base-58 digits, least significant first. Each byte needs log(256)/log(58) < 1.38 digits.
        int[] digits = new int[(int) ((long) (bytes.length - zeros) * 138 / 100 + 1)];
        int used = 0;
        for (int i = zeros; i < bytes.length; i++) {
            // digits := digits * 256 + byte
            int carry = bytes[i] & 0xff;
            for (int k = 0; k < used; k++) {
                carry += digits[k] << 8;
                digits[k] = carry % BASE;
                carry /= BASE;
            }
            while (carry > 0) {
                digits[used++] = carry % BASE;
                carry /= BASE;
            }
        }

        StringBuilder text = new StringBuilder(zeros + used);
        for (int i = 0; i < zeros; i++) {
            text.append(ZERO_DIGIT);
        }
        for (int k = used - 1; k >= 0; k--) {
            text.append(ALPHABET.charAt(digits[k]));
        }
        return text.toString();
    }

    /**
     * The bytes that {@code text} encodes.
     *
     * @throws IllegalArgumentException if {@code text} holds a character outside the Bitcoin alphabet
     */
    static byte[] decode(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == ZERO_DIGIT) {
            zeros++;
        }

        // The number's bytes, least significant first. Each digit needs log(58)/log(256) < 0.74 bytes.
        int[] bytes = new int[(int) ((long) (text.length() - zeros) * 733 / 1000 + 1)];
        int used = 0;
        for (int i = zeros; i < text.length(); i++) {
            // bytes := bytes * 58 + digit
            int carry = digitValue(text, i);
            for (int k = 0; k < used; k++) {
                carry += bytes[k] * BASE;
                bytes[k] = carry & 0xff;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[used++] = carry & 0xff;
                carry >>>= 8;
            }
        }

        byte[] result = new byte[zeros + used];
        for (int k = 0; k < used; k++) {
            result[zeros + used - 1 - k] = (byte) bytes[k];
        }
        return result;
    }

    private static int leadingZeroBytes(byte[] bytes) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        return zeros;
    }

    private static int digitValue(CharSequence text, int index) {
        char c = text.charAt(index);
        int value = ALPHABET.indexOf(c);
        if (value < 0) {
            throw new IllegalArgumentException(
                    String.format("not base58btc: character U+%04X at index %d is outside the Bitcoin alphabet",
                            (int) c, index));
        }
        return value;
    }
}
