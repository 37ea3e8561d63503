package org.aegis.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.ZipOutputStream;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreException;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The store on one H2 MVStore file. Writers are serialized; a batch is applied and committed (and forced to disk)
 * while readers wait, so a read sees either all of a batch or none of it, and never a batch that failed.
 */
@Component(
        name = StoreService.PID,
        configurationPid = StoreService.PID,
        service = {Store.class, HealthIndicator.class, MetricSource.class},
        // open at startup, so a locked or damaged file shows at once and not at first use
        immediate = true)
@Designate(ocd = StoreConfig.class)
public final class StoreService implements Store, HealthIndicator, MetricSource {
    static final String PID = "org.aegis.store";
    static final String COMPONENT = "store";
    static final String CLOSED = "store is closed";

    private final Path location;
    private final MVStore mv;
    /** One write at a time, including the consumer that builds the batch. */
    private final ReentrantLock writers = new ReentrantLock();
    /** Shared by reads; exclusive while a batch is applied and committed, and while closing. */
    private final ReentrantReadWriteLock access = new ReentrantReadWriteLock();
    /** Each batch's MVStore commit and sync, the part a writer waits for the disk. */
    private final LatencyHistogram commitLatency = new LatencyHistogram();
    /** Why the store cannot be used; {@code null} while it is open. */
    private volatile String unavailable;

    @Activate
    public StoreService(BundleContext context, StoreConfig config) {
        this(StorePaths.resolve(config.path(), context.getProperty("karaf.data"),
                () -> context.getDataFile(StorePaths.FILE_NAME)), config.cacheSizeMb());
    }

    StoreService(Path location, int cacheSizeMb) {
        this(location, openRestored(location, Args.cacheSizeMb(cacheSizeMb)));
    }

    /** Opens the file, after installing a backup staged for it ({@link StoreRestore}). */
    private static MVStore openRestored(Path location, int cacheSizeMb) {
        StoreRestore.installStaged(location, cacheSizeMb, Instant.now());
        return StoreFile.open(location, cacheSizeMb);
    }

    /** Takes over an open MVStore that was opened with {@link StoreFile#settings}. */
    StoreService(Path location, MVStore mv) {
        this.location = location;
        this.mv = mv;
    }

    @Override
    public StoreMap map(String name) {
        Args.mapName(name);
        ensureOpen();
        return new MapView(name, this);
    }

    @Override
    public Set<String> mapNames() {
        return read(() -> {
            SortedSet<String> names = new TreeSet<>();
            for (String name : mv.getMapNames()) {
                if (mv.openMap(name, mapType()).sizeAsLong() > 0) {
                    names.add(name);
                }
            }
            return Collections.unmodifiableSortedSet(names);
        });
    }

    @Override
    public void write(Consumer<WriteBatch> changes) {
        Args.notNull(changes, "changes");
        if (writers.isHeldByCurrentThread()) {
            throw new IllegalStateException("Store.write called inside a batch; add the changes to that batch");
        }
        writers.lock();
        try {
            ensureOpen();
            Batch batch = new Batch();
            List<Batch.Change> list;
            try {
                changes.accept(batch);
            } finally {
                list = batch.seal();
            }
            if (!list.isEmpty()) {
                commit(list);
            }
        } finally {
            writers.unlock();
        }
    }

    @Override
    public Path location() {
        return location;
    }

    /**
     * H2's own online backup of the file, copied while commits wait (for the read lock), so the copy ends with the
     * last commit whole; readers go on.
     */
    @Override
    public void backup(Path target) {
        Args.notNull(target, "target");
        read(() -> {
            FileModes.write(target, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                mv.getFileStore().backup(zip);
                zip.finish();
            });
            return null;
        });
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        String reason = unavailable;
        return reason == null
                ? new ComponentHealth(COMPONENT, HealthState.UP, "")
                : new ComponentHealth(COMPONENT, HealthState.DOWN, reason);
    }

    @Override
    public void collect(MetricWriter out) {
        out.histogram("aegis_store_commit_latency_seconds", "Time to write a batch to the store's file and force it"
                + " to disk (MVStore commit and sync), without the wait for other writers", commitLatency.snapshot());
    }

    /** Closes the file. Every batch was committed or rolled back, so there is nothing left to save. */
    @Deactivate
    void close() {
        access.writeLock().lock();
        try {
            if (unavailable != null) {
                return; // closed already, or closed when it failed
            }
            unavailable = CLOSED;
            mv.close();
        } catch (RuntimeException e) {
            mv.closeImmediately();
            throw new StoreException(StoreErrors.name(location) + " was not closed cleanly: " + e.getMessage(), e);
        } finally {
            access.writeLock().unlock();
        }
    }

    /** Runs a read of one map against committed state; {@code absent} answers for a map that was never written. */
    <T> T read(String name, Function<MVMap<String, byte[]>, T> reader, Supplier<T> absent) {
        return read(() -> mv.hasMap(name) ? reader.apply(mv.openMap(name, mapType())) : absent.get());
    }

    private <T> T read(Supplier<T> reader) {
        access.readLock().lock();
        try {
            ensureOpen();
            return reader.get();
        } catch (MVStoreException e) {
            throw StoreErrors.onAccess(location, "read", e);
        } finally {
            access.readLock().unlock();
        }
    }

    private void commit(List<Batch.Change> changes) {
        access.writeLock().lock();
        try {
            ensureOpen();
            try {
                apply(changes);
            } catch (RuntimeException e) {
                undo(e);
                throw e instanceof MVStoreException mve
                        ? StoreErrors.onAccess(location, "write (nothing was committed)", mve)
                        : new StoreException(StoreErrors.name(location) + ": write failed, nothing was committed: "
                                + e, e);
            }
            // An interrupted thread's I/O on a FileChannel closes the channel for every user (ClosedByInterrupt),
            // which would close the store for the whole node: a component's thread told to stop commits without it
            // and keeps the interrupt for afterwards.
            boolean interrupted = Thread.interrupted();
            long started = System.nanoTime();
            try {
                if (mv.commit() >= 0) {
                    // MVStore writes the chunk but never forces it; an acknowledged batch must survive a power cut
                    mv.sync();
                }
                commitLatency.recordSince(started);
            } catch (RuntimeException e) {
                throw fail("commit", e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    private void apply(List<Batch.Change> changes) {
        for (Batch.Change change : changes) {
            if (change instanceof Batch.Put put) {
                mv.openMap(put.map(), mapType()).put(put.key(), put.value());
            } else if (mv.hasMap(change.map())) {
                // a remove must not create the map
                mv.openMap(change.map(), mapType()).remove(change.key());
            }
        }
    }

    /** Drops the changes applied so far: everything not committed belongs to this batch. */
    private void undo(RuntimeException cause) {
        try {
            mv.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            throw fail("rollback", cause);
        }
    }

    /**
     * After a failed commit the file's state is uncertain (MVStore itself closes after a write error), so the
     * store closes: the next start reads the file again, and the batch is there in full or not at all.
     */
    private StoreException fail(String operation, RuntimeException cause) {
        unavailable = CLOSED + " after a failed " + operation + ": " + cause.getMessage();
        mv.closeImmediately();
        return new StoreException(StoreErrors.name(location) + ": " + unavailable, cause);
    }

    private void ensureOpen() {
        String reason = unavailable;
        if (reason != null) {
            throw new StoreException(reason);
        }
    }

    /** Keys and values as MVStore's own types: compact on disk, and keys in {@link String#compareTo} order. */
    private static MVMap.Builder<String, byte[]> mapType() {
        return new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE);
    }
}
