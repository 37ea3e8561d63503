package org.aegis.shell;

import java.time.Duration;

/** Durations as operators read them: {@code 2d 3h 4m 5s}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        StringBuilder out = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        if (days > 0) {
            out.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            out.append(hours).append("h ");
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            out.append(minutes).append("m ");
        }
        return out.append(seconds % 60).append('s').toString();
    }

    /** A short round trip: {@code 0.42 ms}. */
    static String millis(Duration duration) {
        return String.format("%.2f ms", duration.toNanos() / 1e6);
    }

    /** An ISO-8601 duration given as option {@code option}; a clear error otherwise. */
    static Duration parse(String option, String text) {
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 duration such as PT8H or P30D, was '"
                    + text + "'");
        }
    }
}
