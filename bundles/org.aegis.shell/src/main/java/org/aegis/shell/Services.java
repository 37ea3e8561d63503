package org.aegis.shell;

/**
 * Optional services of the commands. Karaf registers a bundle's commands only when every mandatory reference of
 * every command is satisfied, so services that a node may run without (transport, consensus, models) are optional
 * and a command that needs a missing one says which feature brings it.
 */
final class Services {
    private Services() {
    }

    static <T> T require(T service, String what, String feature) {
        if (service == null) {
            throw new IllegalStateException("no " + what + " is installed here: feature:install " + feature);
        }
        return service;
    }
}
