package org.aegis.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {
    private static final HexFormat HEX = HexFormat.of();

    /** Bitcoin Core's vectors, src/test/data/base58_encode_decode.json (hex, base58). */
    @ParameterizedTest
    @CsvSource(emptyValue = "", value = {
        "'', ''",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "bf4f89001e670274dd, 3SEo3LWLoPntC",
        "572e4794, 3EFU7m",
        "ecac89cad93923c02321, EJDM8drfXA6uyA",
        "10c8511e, Rt5zm",
        "00000000000000000000, 1111111111",
        "00000000000000000000000000000000000000000000000000000000000000000000000000000001, "
                + "1111111111111111111111111111111111111112",
        "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5, "
                + "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
        "271F359E, zzzzy",
        "271F359F, zzzzz",
        "271F35A0, 211111",
        "271F35A1, 211112",
    })
    void bitcoinVectors(String hex, String base58) {
        byte[] bytes = HEX.parseHex(hex.toLowerCase());
        assertEquals(base58, Base58.encode(bytes));
        assertArrayEquals(bytes, Base58.decode(base58));
    }

    @Test
    void helloWorld() {
        byte[] bytes = "Hello World!".getBytes(StandardCharsets.US_ASCII);
        assertEquals("2NEpo7TZRRrLZSi2U", Base58.encode(bytes));
        assertArrayEquals(bytes, Base58.decode("2NEpo7TZRRrLZSi2U"));
    }

    @Test
    void eachLeadingZeroByteIsALeadingOne() {
        assertEquals("1", Base58.encode(new byte[1]));
        assertEquals("111", Base58.encode(new byte[3]));
        assertEquals("112", Base58.encode(new byte[] {0, 0, 1}));
        assertArrayEquals(new byte[3], Base58.decode("111"));
        assertArrayEquals(new byte[] {0, 0, 1}, Base58.decode("112"));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xff}, Base58.decode(Base58.encode(new byte[] {0, 0, (byte) 0xff})));
    }

    @Test
    void randomRoundTrips() {
        Random random = new Random(58);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            int zeros = random.nextInt(4);
            for (int z = 0; z < zeros && z < bytes.length; z++) {
                bytes[z] = 0;
            }
            String text = Base58.encode(bytes);
            assertTrue(text.chars().allMatch(c -> Base58.ALPHABET.indexOf(c) >= 0), text);
            assertArrayEquals(bytes, Base58.decode(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "O", "I", "l", "abc+", "2NEpo7 TZRR", "é", "12D3KooW-"})
    void rejectsCharactersOutsideTheAlphabet(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base58.decode(text));
        assertTrue(e.getMessage().contains("Bitcoin alphabet"), e.getMessage());
    }
}
