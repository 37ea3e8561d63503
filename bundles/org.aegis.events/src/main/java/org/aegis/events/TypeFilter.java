package org.aegis.events;

import java.util.List;

/** Event types a sink wants: exact types or prefixes ending in {@code *}; no patterns means every type. */
record TypeFilter(List<String> patterns) {
    static final TypeFilter ALL = new TypeFilter(List.of());

    TypeFilter {
        patterns = List.copyOf(patterns);
    }

    /** From a service property: absent, a string or an array of strings; anything else is refused. */
    static TypeFilter of(Object property) {
        if (property == null) {
            return ALL;
        }
        if (property instanceof String one) {
            return new TypeFilter(List.of(one.trim()));
        }
        if (property instanceof String[] many) {
            return new TypeFilter(List.of(many).stream().map(String::trim).toList());
        }
        throw new IllegalArgumentException("event types must be a string or strings, not " + property.getClass());
    }

    boolean matches(String type) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            boolean prefix = pattern.endsWith("*");
            if (prefix ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : type.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
