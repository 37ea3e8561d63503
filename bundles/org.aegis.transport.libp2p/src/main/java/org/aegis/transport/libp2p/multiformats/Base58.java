package org.aegis.transport.libp2p.multiformats;

import java.util.Arrays;

/** base58btc, the text form of peer ids (Bitcoin alphabet, leading zero bytes as '1'). */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        // base-256 to base-58 by repeated division of a working copy
        byte[] number = Arrays.copyOf(input, input.length);
        char[] out = new char[input.length * 2];
        int outStart = out.length;
        for (int start = zeros; start < number.length; ) {
            out[--outStart] = ALPHABET[divide(number, start, 256, 58)];
            if (number[start] == 0) {
                start++;
            }
        }
        while (outStart < out.length && out[outStart] == ALPHABET[0]) {
            outStart++;
        }
        while (zeros-- > 0) {
            out[--outStart] = ALPHABET[0];
        }
        return new String(out, outStart, out.length - outStart);
    }

    /** @throws IllegalArgumentException when {@code input} has a character outside the alphabet */
    public static byte[] decode(String input) {
        if (input.isEmpty()) {
            return new byte[0];
        }
        byte[] digits = new byte[input.length()];
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' at " + i + " is not a base58btc character");
            }
            digits[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < digits.length && digits[zeros] == 0) {
            zeros++;
        }
        byte[] out = new byte[input.length()];
        int outStart = out.length;
        for (int start = zeros; start < digits.length; ) {
            out[--outStart] = (byte) divide(digits, start, 58, 256);
            if (digits[start] == 0) {
                start++;
            }
        }
        while (outStart < out.length && out[outStart] == 0) {
            outStart++;
        }
        return Arrays.copyOfRange(out, outStart - zeros, out.length);
    }

    /** Divides the number in {@code digits[start..]} (base {@code base}) by {@code divisor} in place; returns the remainder. */
    private static int divide(byte[] digits, int start, int base, int divisor) {
        int remainder = 0;
        for (int i = start; i < digits.length; i++) {
            int temp = remainder * base + (digits[i] & 0xFF);
            digits[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return remainder;
    }
}
