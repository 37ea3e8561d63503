/**
 * The store bundle's private implementation: the {@link org.aegis.api.store.Store} on an H2 MVStore file and
 * the {@link org.aegis.api.audit.AuditLog} kept in it. Nothing here is exported; other bundles use the services.
 */
package org.aegis.store;
