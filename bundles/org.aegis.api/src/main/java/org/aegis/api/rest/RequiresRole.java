package org.aegis.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.aegis.api.security.Role;

/**
 * The least role a resource method needs, on the method or on the resource class (the method's wins). Without it,
 * reads need {@link Role#READER} and every other method needs {@link Role#ADMIN}, so a forgotten annotation fails
 * closed. A role includes the roles below it. The platform's security filter reads it at run time from the resource
 * that matched the request, the platform's own and a plugin's alike.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
    /** The least role of a caller's token or client certificate. */
    Role value();
}
