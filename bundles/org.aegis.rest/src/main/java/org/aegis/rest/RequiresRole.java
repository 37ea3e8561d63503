package org.aegis.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.aegis.api.security.Role;

/**
 * The least role a resource method needs. Without it, reads need {@link Role#READER} and every other
 * method needs {@link Role#ADMIN}, so a forgotten annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
    Role value();
}
