package org.aegis.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST (or other unsafe method) that changes nothing on the node, such as a calculation on the request's
 * body or a question to a model: the security filter treats it as a read. It then needs {@link
 * org.aegis.api.security.Role#READER} unless {@link RequiresRole} asks for more, is open without a token on loopback
 * only when it needs no more than a reader, and is written to the audit log only when it is refused.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnly {
}
