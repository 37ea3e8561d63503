package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    static Principal principal(Role role) {
        return new Principal("alice", role, "jti", Instant.EPOCH, Instant.MAX);
    }

    private final AccessPolicy open = new AccessPolicy(true);

    @Test
    void anonymousLoopbackReadsAreOpen() {
        assertTrue(open.decide(true, Role.READER, null, true).allowed());
    }

    @Test
    void anonymousRemoteReadsNeedAToken() {
        assertEquals(401, open.decide(true, Role.READER, null, false).status());
        assertEquals(401, new AccessPolicy(false).decide(true, Role.READER, null, true).status());
    }

    @Test
    void anonymousMutationsAreNeverAllowedEvenOnLoopback() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertEquals(401, open.decide(false, Role.OPERATOR, null, true).status(), method);
        }
    }

    @Test
    void adminOnlyReadsNeedAnAdminEvenOnLoopback() {
        assertEquals(401, open.decide(true, Role.ADMIN, null, true).status());
        assertEquals(403, open.decide(true, Role.ADMIN, principal(Role.OPERATOR), true).status());
        assertTrue(open.decide(true, Role.ADMIN, principal(Role.ADMIN), false).allowed());
    }

    @Test
    void rolesIncludeTheRolesBelowThem() {
        for (Role required : Role.values()) {
            for (Role held : Role.values()) {
                boolean allowed = open.decide(false, required, principal(held), false).allowed();
                assertEquals(held.compareTo(required) >= 0, allowed, held + " for " + required);
            }
        }
    }

    @Test
    void unannotatedMethodsFailClosed() {
        assertEquals(Role.READER, AccessPolicy.requiredRole(AccessPolicy.isRead("GET", false), null));
        assertEquals(Role.ADMIN, AccessPolicy.requiredRole(AccessPolicy.isRead("POST", false), null));
        assertEquals(Role.ADMIN, AccessPolicy.requiredRole(AccessPolicy.isRead("DELETE", false), null));
        assertEquals(Role.READER, AccessPolicy.requiredRole(AccessPolicy.isRead("POST", true), null));
    }

    @Test
    void readOnlyPostsAreOpenOnLoopbackLikeReads() {
        assertTrue(open.decide(AccessPolicy.isRead("POST", true), Role.READER, null, true).allowed());
        assertEquals(401, open.decide(AccessPolicy.isRead("POST", true), Role.READER, null, false).status());
    }
}
