package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aegis.api.audit.AuditRecord;
import org.junit.jupiter.api.Test;

/** The pen test's flood: 2,000 refused requests were 2,000 durable audit writes. */
class RefusalAuditTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static AuditRecord refusal(Instant time, String client) {
        return new AuditRecord(time, "anonymous", "POST /api/v1/proposals", "401", client, "");
    }

    @Test
    void aFloodOfOneRefusalIsTheFirstEntryAndOneSummary() {
        RefusalAudit audit = new RefusalAudit(Duration.ofMinutes(1), 100);
        List<AuditRecord> written = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            written.addAll(audit.admit(refusal(T0.plusMillis(i * 10L), "10.0.0.9")));
        }
        assertEquals(1, written.size(), "only the first is written during the burst");
        assertEquals(List.of(), audit.closeEnded(T0.plusSeconds(59)));
        List<AuditRecord> summary = audit.closeEnded(T0.plusSeconds(60));
        assertEquals(1, summary.size());
        assertEquals("refused 1999 more times from " + T0 + " to " + T0.plusMillis(19_990), summary.get(0).detail());
        assertEquals("10.0.0.9", summary.get(0).client());
        assertEquals(List.of(), audit.closeAll(), "nothing left open");
    }

    @Test
    void differentClientsAndOutcomesAreSeparateAndANewWindowStartsAfresh() {
        RefusalAudit audit = new RefusalAudit(Duration.ofMinutes(1), 100);
        assertEquals(1, audit.admit(refusal(T0, "10.0.0.1")).size());
        assertEquals(1, audit.admit(refusal(T0, "10.0.0.2")).size());
        assertEquals(0, audit.admit(refusal(T0.plusSeconds(1), "10.0.0.1")).size());
        // after the window: the old burst's summary and the new first refusal, in that order
        List<AuditRecord> next = audit.admit(refusal(T0.plusSeconds(61), "10.0.0.1"));
        assertEquals(2, next.size());
        assertTrue(next.get(0).detail().startsWith("refused 1 more times"), next.get(0).detail());
        assertEquals("", next.get(1).detail());
    }

    @Test
    void burstsBeyondTheBoundAreClosedOldestFirstSoMemoryStaysBounded() {
        RefusalAudit audit = new RefusalAudit(Duration.ofMinutes(1), 2);
        audit.admit(refusal(T0, "a"));
        audit.admit(refusal(T0, "a"));
        audit.admit(refusal(T0, "b"));
        List<AuditRecord> written = audit.admit(refusal(T0, "c"));
        assertEquals(2, written.size(), written.toString());
        assertEquals("a", written.get(1).client());
        assertTrue(written.get(1).detail().startsWith("refused 1 more times"));
        assertEquals(List.of(), audit.closeAll(), "b and c had no repeats");
    }

    @Test
    void onlyRefusalsAreFolded() {
        assertTrue(RefusalAudit.isFolded("401"));
        assertTrue(RefusalAudit.isFolded("429"));
        assertFalse(RefusalAudit.isFolded("201"));
        assertFalse(RefusalAudit.isFolded("409"));
    }
}
