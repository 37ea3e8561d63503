package org.aegis.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the store, PID {@code org.aegis.store}. */
@ObjectClassDefinition(
        id = StoreService.PID,
        name = "AEGIS store",
        description = "The node's embedded persistent store (H2 MVStore file).")
public @interface StoreConfig {
    @AttributeDefinition(
            name = "Path",
            description = "The store file. Empty: ${karaf.data}/aegis/aegis.mv.db (outside Karaf: the bundle's data"
                    + " area). Another node must not use the same file.",
            required = false)
    String path() default "";

    @AttributeDefinition(
            name = "Cache size (MB)",
            description = "Read cache of the store, in megabytes.",
            min = "1")
    int cacheSizeMb() default 16;

    @AttributeDefinition(
            name = "Audit retention",
            description = "Audit entries older than this are removed, ISO-8601 (e.g. P90D, PT12H).")
    String auditRetention() default "P90D";

    @AttributeDefinition(
            name = "Audit log size",
            description = "The most audit entries kept; beyond it the oldest are removed. At least 1.",
            min = "1")
    long auditMaxEntries() default 1_000_000;
}
