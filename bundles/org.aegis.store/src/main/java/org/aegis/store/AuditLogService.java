package org.aegis.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.aegis.api.audit.AuditEntry;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit log in the store's map {@link Store#AUDIT_LOG}. Appends are serialized here and committed in groups, so
 * sequence numbers are handed out in commit order and a failed append leaves no gap.
 */
@Component(
        name = "org.aegis.store.audit",
        service = AuditLog.class,
        configurationPid = StoreService.PID)
public final class AuditLogService implements AuditLog {
    /** Most entries one read returns, whatever the caller asks for. */
    static final int MAX_READ = 1000;
    /** Retention is enforced every this many appends, not on each. */
    static final int PRUNE_EVERY = 64;

    private final Store store;
    private final Clock clock;
    private final AuditRetention retention;
    private final AuditCodec codec = new AuditCodec();
    private final Object appendLock = new Object();
    /** Appends waiting for the next group commit. */
    private final Queue<QueuedAppend> queue = new ConcurrentLinkedQueue<>();
    /** The sequence number of the next append. Guarded by {@link #appendLock}. */
    private long next;

    @Activate
    public AuditLogService(@Reference(name = "store") Store store, StoreConfig config) {
        this(store, Clock.systemUTC(), AuditRetention.of(config.auditRetention(), config.auditMaxEntries()));
    }

    AuditLogService(Store store, Clock clock, AuditRetention retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        // continues after the last committed entry, across restarts
        this.next = store.map(Store.AUDIT_LOG).lastKey().map(AuditCodec::sequence).orElse(0L) + 1;
        prune();
    }

    /**
     * Appends with group commit: the caller's record joins the queue, and whichever caller holds the append lock next
     * commits every queued record in one store batch (one commit and sync for all the requests that arrived during
     * the previous one), numbered in queue order. A failed batch fails each of its callers and uses no number.
     */
    @Override
    public AuditEntry append(AuditRecord record) {
        QueuedAppend mine = new QueuedAppend(record, codec.encode(validate(record)));
        queue.add(mine);
        synchronized (appendLock) {
            if (mine.entry == null && mine.failure == null) {
                commitQueued();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.entry;
    }

    /** Commits every queued append in one batch; under the append lock. */
    private void commitQueued() {
        List<QueuedAppend> group = new ArrayList<>();
        for (QueuedAppend queued = queue.poll(); queued != null; queued = queue.poll()) {
            group.add(queued);
        }
        long first = next;
        try {
            store.write(batch -> {
                for (int i = 0; i < group.size(); i++) {
                    batch.put(Store.AUDIT_LOG, AuditCodec.key(first + i), group.get(i).value);
                }
            });
        } catch (RuntimeException e) {
            group.forEach(queued -> queued.failure = e);
            return;
        }
        // only now: if the write threw, the numbers are handed out again
        next = first + group.size();
        for (int i = 0; i < group.size(); i++) {
            group.get(i).entry = new AuditEntry(first + i, group.get(i).record);
        }
        if ((next - 1) / PRUNE_EVERY > (first - 1) / PRUNE_EVERY) {
            prune();
        }
    }

    /** One caller's record on its way to the store; its outcome is set under the append lock. */
    private static final class QueuedAppend {
        final AuditRecord record;
        final byte[] value;
        AuditEntry entry;
        RuntimeException failure;

        QueuedAppend(AuditRecord record, byte[] value) {
            this.record = record;
            this.value = value;
        }
    }

    /** Removes what the retention policy no longer keeps; called under the append lock or before any append. */
    private void prune() {
        List<String> expired = retention.expired(store.map(Store.AUDIT_LOG), codec, clock.instant());
        if (!expired.isEmpty()) {
            store.write(batch -> expired.forEach(key -> batch.remove(Store.AUDIT_LOG, key)));
        }
    }

    @Override
    public List<AuditEntry> read(long fromSequence, int limit) {
        if (fromSequence < 0) {
            throw new IllegalArgumentException("fromSequence must be >= 0, was " + fromSequence);
        }
        Args.limit(limit);
        List<StoreEntry> stored = store.map(Store.AUDIT_LOG)
                .range(AuditCodec.key(fromSequence), null, Math.min(limit, MAX_READ));
        List<AuditEntry> entries = new ArrayList<>(stored.size());
        for (StoreEntry entry : stored) {
            entries.add(new AuditEntry(AuditCodec.sequence(entry.key()), codec.decode(entry.key(), entry.value())));
        }
        return List.copyOf(entries);
    }

    private static AuditRecord validate(AuditRecord record) {
        Args.notNull(record, "audit record");
        List<String> missing = new ArrayList<>();
        if (record.time() == null) {
            missing.add("time");
        }
        if (record.actor() == null) {
            missing.add("actor");
        }
        if (record.action() == null) {
            missing.add("action");
        }
        if (record.outcome() == null) {
            missing.add("outcome");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("audit record must have time, actor, action and outcome; missing: "
                    + String.join(", ", missing));
        }
        return record;
    }
}
