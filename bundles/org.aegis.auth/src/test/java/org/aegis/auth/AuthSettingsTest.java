package org.aegis.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthSettingsTest {

    @Test
    void defaultsAreValid() {
        AuthSettings settings = AuthSettings.from(TestConfig.defaults());
        assertEquals("aegis", settings.issuer());
        assertEquals(Duration.ofDays(365), settings.maxLifetime());
        assertEquals(Duration.ofMinutes(1), settings.minLifetime());
        assertEquals(Duration.ofDays(365), settings.initialAdminLifetime());
        assertEquals(Duration.ofSeconds(30), settings.clockSkew());
    }

    @Test
    void configuredValuesAreTaken() {
        AuthSettings settings = AuthSettings.from(TestConfig.with(Map.of("issuer", "node-7", "maxLifetime", "P30D",
                "minLifetime", "PT30S", "initialAdminLifetime", " P7D ", "clockSkewSeconds", 0)));
        assertEquals("node-7", settings.issuer());
        assertEquals(Duration.ofDays(30), settings.maxLifetime());
        assertEquals(Duration.ofSeconds(30), settings.minLifetime());
        assertEquals(Duration.ofDays(7), settings.initialAdminLifetime());
        assertEquals(Duration.ZERO, settings.clockSkew());
    }

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of(Map.of("maxLifetime", "forever"), "maxLifetime 'forever' is not an ISO-8601 duration"),
                Arguments.of(Map.of("maxLifetime", "P1Y"), "maxLifetime 'P1Y' is not an ISO-8601 duration"),
                Arguments.of(Map.of("maxLifetime", ""), "maxLifetime must not be empty"),
                Arguments.of(Map.of("maxLifetime", "P3651D"), "maxLifetime P3651D is too long; at most P3650D"),
                Arguments.of(Map.of("minLifetime", "1 minute"), "minLifetime '1 minute' is not an ISO-8601 duration"),
                Arguments.of(Map.of("minLifetime", "PT0S"), "minLifetime PT0S must be positive"),
                Arguments.of(Map.of("minLifetime", "-PT1M"), "minLifetime PT-1M must be positive"),
                Arguments.of(Map.of("minLifetime", "P2D", "maxLifetime", "P1D", "initialAdminLifetime", "P1D"),
                        "minLifetime P2D is longer than maxLifetime P1D"),
                Arguments.of(Map.of("initialAdminLifetime", "soon"),
                        "initialAdminLifetime 'soon' is not an ISO-8601 duration"),
                Arguments.of(Map.of("maxLifetime", "P30D"),
                        "initialAdminLifetime P365D must be within minLifetime PT1M and maxLifetime P30D"),
                Arguments.of(Map.of("initialAdminLifetime", "PT30S"),
                        "initialAdminLifetime PT30S must be within minLifetime PT1M and maxLifetime P365D"),
                Arguments.of(Map.of("clockSkewSeconds", -1), "clockSkewSeconds -1 is out of range"),
                Arguments.of(Map.of("clockSkewSeconds", 3601), "clockSkewSeconds 3601 is out of range"),
                Arguments.of(Map.of("issuer", ""), "issuer must not be blank"),
                Arguments.of(Map.of("issuer", "  "), "issuer must not be blank"),
                Arguments.of(Map.of("issuer", " aegis"), "issuer must not start or end with whitespace"),
                Arguments.of(Map.of("issuer", "ae\ngis"), "issuer must not contain control characters"),
                Arguments.of(Map.of("issuer", "x".repeat(257)), "issuer is 257 characters long"));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigurations")
    void invalidConfigurationIsRejectedNamingTheProperty(Map<String, Object> properties, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.from(TestConfig.with(properties)));
        assertTrue(e.getMessage().startsWith("Invalid configuration org.aegis.auth: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("invalidConfigurations")
    void invalidConfigurationFailsActivation(Map<String, Object> properties, String expected) {
        InMemoryStore store = new InMemoryStore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JwtTokenService(store,
                TestConfig.with(properties), new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(0, store.commits());
    }

    @Test
    void unparseableValuesAreQuotedPrintably() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.from(TestConfig.with(Map.of("maxLifetime", "P1\nD" + "x".repeat(100)))));
        assertTrue(e.getMessage().contains("'P1?D" + "x".repeat(60) + "...'"), e.getMessage());
    }

    @Test
    void durationsAreFormattedWithDays() {
        assertEquals("P365D", AuthSettings.format(Duration.ofDays(365)));
        assertEquals("PT1M", AuthSettings.format(Duration.ofMinutes(1)));
        assertEquals("P1DT12H", AuthSettings.format(Duration.ofHours(36)));
        assertEquals("PT23H59M59.5S", AuthSettings.format(Duration.ofDays(1).minusMillis(500)));
        assertEquals("PT0S", AuthSettings.format(Duration.ZERO));
    }
}
