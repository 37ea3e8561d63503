package org.aegis.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A handle on something registered with a service (a handler, a subscription); closing it undoes the registration. */
@ConsumerType
public interface Registration extends AutoCloseable {
    /** Undoes the registration; closing twice has no further effect. */
    @Override
    void close();
}
