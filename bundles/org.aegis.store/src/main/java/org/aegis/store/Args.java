package org.aegis.store;

/** Argument checks shared by the store and the audit log; each failure names the argument. */
final class Args {
    private Args() {
    }

    static String mapName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("map name must not be null or blank");
        }
        return name;
    }

    static String key(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be null or blank");
        }
        return key;
    }

    static int limit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        return limit;
    }

    static int cacheSizeMb(int megabytes) {
        if (megabytes < 1) {
            throw new IllegalArgumentException("cacheSizeMb must be >= 1, was " + megabytes);
        }
        return megabytes;
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
