package org.aegis.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A handle on something registered with a service (a handler, a subscription); closing it undoes the registration.
 * Returned by service plugins, e.g. {@link org.aegis.api.transport.Transport#handle} and
 * {@link org.aegis.api.transport.Transport#subscribe}, and closed by whoever registered.
 *
 * <p>Threading: {@link #close()} may be called from any thread, concurrently with the registered callback running
 * and with other calls on the service. Platform consumers call it from SCR bind, unbind and deactivate methods,
 * sometimes while holding locks their callbacks also take: it must not block, in particular not wait for a running
 * callback to return, and should not throw.
 *
 * <p>Hot swap: consumers close their registrations when they unbind the service that issued them (its bundle
 * stopped or updated, or a higher-ranked replacement bound), possibly after the service has begun to stop, and
 * register anew on the replacement. A service that stops must itself stop calling the registered callbacks; a
 * later {@code close()} on its registrations then has nothing left to do and must still return quietly.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so an implementation built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface Registration extends AutoCloseable {
    /**
     * Undoes the registration; closing twice has no further effect. After it returns no new callback starts (one
     * already running may finish). Declares no checked exception: callers do not expect one.
     */
    @Override
    void close();
}
