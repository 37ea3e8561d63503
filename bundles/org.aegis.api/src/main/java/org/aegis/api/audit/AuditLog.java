package org.aegis.api.audit;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Append-only, persistent record of every mutating operation on the node. */
@ProviderType
public interface AuditLog {
    /** Persists the record before returning and gives it the next sequence number. */
    AuditEntry append(AuditRecord record);

    /** Entries with sequence {@code >= fromSequence}, oldest first, at most {@code limit}. */
    List<AuditEntry> read(long fromSequence, int limit);
}
