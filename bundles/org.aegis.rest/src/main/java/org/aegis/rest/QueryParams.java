package org.aegis.rest;

/**
 * Numeric query parameters, read as text: JAX-RS answers a query parameter it cannot convert with 404, as if the
 * resource did not exist, where the client needs 400 and the parameter's name.
 */
final class QueryParams {
    private QueryParams() {
    }

    /** {@code value} as a whole number in [{@code min}, {@code max}]; else an IllegalArgumentException (400). */
    static long whole(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("'" + name + "' must be " + min + ".." + max + ", was " + parsed);
        }
        return parsed;
    }
}
