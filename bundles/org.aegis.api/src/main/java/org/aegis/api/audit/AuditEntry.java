package org.aegis.api.audit;

/** An audit record as stored, with its sequence number (from 1, gap-free; the retention policy removes the oldest). */
public record AuditEntry(long sequence, AuditRecord record) {
}
