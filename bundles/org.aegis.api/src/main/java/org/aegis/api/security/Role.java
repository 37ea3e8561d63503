package org.aegis.api.security;

/**
 * Roles a bearer token carries. A role includes the rights of the roles below it:
 * {@code ADMIN} can do what {@code OPERATOR} can, which can do what {@code READER} can.
 */
public enum Role {
    READER,
    OPERATOR,
    ADMIN
}
