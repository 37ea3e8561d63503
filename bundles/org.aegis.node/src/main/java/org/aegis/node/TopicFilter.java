package org.aegis.node;

import java.util.List;

/** The topics a listener asked for: exact names, or prefixes ending in {@code *}; none means every topic. */
record TopicFilter(List<String> patterns) {

    static TopicFilter of(Object property) {
        if (property == null) {
            return new TopicFilter(List.of());
        }
        if (property instanceof String single) {
            return new TopicFilter(List.of(single));
        }
        if (property instanceof String[] many) {
            return new TopicFilter(List.of(many));
        }
        throw new IllegalArgumentException("event topics must be a string or an array of strings, not "
                + property.getClass().getName());
    }

    boolean matches(String topic) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (pattern.endsWith("*")
                    ? topic.startsWith(pattern.substring(0, pattern.length() - 1))
                    : topic.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
