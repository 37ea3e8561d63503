package org.aegis.api;

import org.osgi.annotation.versioning.ProviderType;

/** A handle on something registered with a service (a handler, a subscription); closing it undoes the registration. */
@ProviderType
public interface Registration extends AutoCloseable {
    /** Undoes the registration; closing twice has no further effect. */
    @Override
    void close();
}
