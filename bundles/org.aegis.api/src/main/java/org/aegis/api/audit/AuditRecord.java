package org.aegis.api.audit;

import java.time.Instant;

/**
 * What happened, to be appended to the audit log.
 *
 * @param time    when
 * @param actor   who: a token's subject, {@code anonymous}, or {@code shell:<user>}
 * @param action  what: e.g. {@code POST /api/v1/tokens}
 * @param outcome how it ended: e.g. {@code 201}, {@code 401}, {@code denied}
 * @param client  from where: remote address or {@code shell}
 * @param detail  what the operation did, without secrets; may be empty
 */
public record AuditRecord(Instant time, String actor, String action, String outcome, String client, String detail) {
}
