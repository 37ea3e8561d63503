package org.aegis.rest;

import java.util.Set;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;

/** Who may call what: the decision alone, separate from HTTP so that it can be tested exhaustively. */
final class AccessPolicy {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** The outcome of a check; {@code status} 0 means allowed. */
    record Decision(int status, String reason) {
        static final Decision ALLOWED = new Decision(0, "");

        boolean allowed() {
            return status == 0;
        }
    }

    private final boolean openLoopbackReads;

    AccessPolicy(boolean openLoopbackReads) {
        this.openLoopbackReads = openLoopbackReads;
    }

    static boolean isSafe(String method) {
        return SAFE_METHODS.contains(method);
    }

    /** A read: a safe HTTP method, or a method marked {@link ReadOnly}. */
    static boolean isRead(String method, boolean readOnly) {
        return readOnly || isSafe(method);
    }

    /** The role a call needs: the annotation's, else reader for reads and admin for anything else. */
    static Role requiredRole(boolean read, RequiresRole annotation) {
        if (annotation != null) {
            return annotation.value();
        }
        return read ? Role.READER : Role.ADMIN;
    }

    /**
     * @param read      whether the call only reads (see {@link #isRead})
     * @param principal the verified caller, {@code null} when no token was sent
     * @param loopback  whether the call comes from the node's own machine
     */
    Decision decide(boolean read, Role required, Principal principal, boolean loopback) {
        if (principal == null) {
            if (openLoopbackReads && loopback && read && required == Role.READER) {
                return Decision.ALLOWED;
            }
            return new Decision(401, "authentication required: send 'Authorization: Bearer <token>' with a "
                    + required.name().toLowerCase() + " token");
        }
        if (principal.role().compareTo(required) < 0) {
            return new Decision(403, "role " + principal.role().name().toLowerCase() + " may not do this; it needs "
                    + required.name().toLowerCase());
        }
        return Decision.ALLOWED;
    }
}
