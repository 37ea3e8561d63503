package org.aegis.auth;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The validated form of {@link AuthConfig}.
 *
 * @param issuer               the {@code iss} of every token
 * @param minLifetime          shortest lifetime {@code issue} accepts
 * @param maxLifetime          longest lifetime {@code issue} accepts
 * @param initialAdminLifetime lifetime of the initial admin token
 * @param clockSkew            tolerance when checking times
 */
record AuthSettings(String issuer, Duration minLifetime, Duration maxLifetime, Duration initialAdminLifetime,
        Duration clockSkew) {

    static final String PID = "org.aegis.auth";
    /** No token outlives ten years: keeps every expiry far inside what {@code Instant} and JWT dates hold. */
    static final Duration LIFETIME_CEILING = Duration.ofDays(3650);
    static final int MAX_CLOCK_SKEW_SECONDS = 3600;
    static final int MAX_ISSUER_LENGTH = 256;

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the offending property, its value and what is allowed
     */
    static AuthSettings from(AuthConfig config) {
        String issuer = config.issuer();
        if (issuer == null || issuer.isBlank()) {
            throw invalid("issuer must not be blank");
        }
        if (!issuer.equals(issuer.strip())) {
            throw invalid("issuer must not start or end with whitespace");
        }
        if (issuer.length() > MAX_ISSUER_LENGTH) {
            throw invalid("issuer is " + issuer.length() + " characters long; at most " + MAX_ISSUER_LENGTH
                    + " are allowed");
        }
        if (issuer.chars().anyMatch(Character::isISOControl)) {
            throw invalid("issuer must not contain control characters");
        }
        Duration max = duration("maxLifetime", config.maxLifetime());
        Duration min = duration("minLifetime", config.minLifetime());
        Duration initialAdmin = duration("initialAdminLifetime", config.initialAdminLifetime());
        if (max.compareTo(LIFETIME_CEILING) > 0) {
            throw invalid("maxLifetime " + format(max) + " is too long; at most " + format(LIFETIME_CEILING)
                    + " is allowed");
        }
        if (min.compareTo(max) > 0) {
            throw invalid("minLifetime " + format(min) + " is longer than maxLifetime " + format(max)
                    + "; minLifetime must not exceed maxLifetime");
        }
        if (initialAdmin.compareTo(min) < 0 || initialAdmin.compareTo(max) > 0) {
            throw invalid("initialAdminLifetime " + format(initialAdmin) + " must be within minLifetime "
                    + format(min) + " and maxLifetime " + format(max));
        }
        int skew = config.clockSkewSeconds();
        if (skew < 0 || skew > MAX_CLOCK_SKEW_SECONDS) {
            throw invalid("clockSkewSeconds " + skew + " is out of range; allowed are 0 to "
                    + MAX_CLOCK_SKEW_SECONDS + " seconds");
        }
        return new AuthSettings(issuer, min, max, initialAdmin, Duration.ofSeconds(skew));
    }

    private static Duration duration(String property, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(property + " must not be empty; expected an ISO-8601 duration such as P365D or PT1M");
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(property + " '" + printable(value) + "' is not an ISO-8601 duration;"
                    + " expected e.g. P365D, PT12H or PT1M (years and months are not supported, use days)");
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw invalid(property + " " + format(parsed) + " must be positive");
        }
        return parsed;
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("Invalid configuration " + PID + ": " + what);
    }

    /** The value with control characters replaced, cut to a length that fits in a log line. */
    private static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        value.codePoints().limit(64).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (value.codePointCount(0, value.length()) > 64) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** ISO-8601 with days, e.g. {@code P365D}, {@code PT1M}, {@code P1DT12H} (not {@code PT8760H}). */
    static String format(Duration d) {
        if (d.isNegative()) {
            return d.toString();
        }
        long days = d.toDays();
        Duration rest = d.minusDays(days);
        if (days == 0) {
            return rest.toString();
        }
        return "P" + days + "D" + (rest.isZero() ? "" : rest.toString().substring(1));
    }
}
