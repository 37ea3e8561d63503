package org.aegis.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a browser may reach. Reads open to loopback answer only requests addressed to a loopback name, so a page
 * whose DNS name is rebound to 127.0.0.1 (Host: evil.example) reads nothing; a WebSocket upgrade from a web page
 * is accepted only from the node's own origin (its dashboard) or an origin the operator allows.
 */
final class OriginPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    /**
     * @param allowedHosts   more host names (without port) under which the node's open loopback reads answer
     * @param allowedOrigins more origins ({@code https://ops.example:8443}) whose pages may open {@code /ws}
     */
    OriginPolicy(String[] allowedHosts, String[] allowedOrigins) {
        this.allowedHosts = Arrays.stream(allowedHosts).map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.allowedOrigins = Arrays.stream(allowedOrigins).map(OriginPolicy::normalisedOrigin)
                .filter(o -> !o.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a request with this Host header may use the reads that are open on loopback. */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) {
            return true; // HTTP/1.0 without Host: no browser sends it, so no rebinding
        }
        String host = hostName(hostHeader);
        return LOOPBACK_NAMES.contains(host) || allowedHosts.contains(host);
    }

    /** Whether a WebSocket upgrade carrying this Origin header, sent to this Host, may go on. */
    boolean originAllowed(String origin, String hostHeader) {
        if (origin == null) {
            return true; // not a browser: browsers always send Origin on a WebSocket upgrade
        }
        String normalised = normalisedOrigin(origin);
        if (allowedOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = new URI(normalised);
            String authority = uri.getRawAuthority();
            return authority != null && hostHeader != null && authority.equalsIgnoreCase(hostHeader.trim());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The host of a Host header, lower case, without the port; IPv6 literals keep their brackets. */
    static String hostName(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalisedOrigin(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
