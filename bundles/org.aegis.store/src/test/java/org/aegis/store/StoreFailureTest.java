package org.aegis.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.StoreException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.SingleFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit that cannot be made durable closes the store instead of going on with an uncertain file. */
class StoreFailureTest {
    @TempDir
    Path dir;

    /** The file store MVStore writes through, with a switch that makes forcing the file fail. */
    private static final class FailingSync extends SingleFileStore {
        volatile boolean fail;

        FailingSync() {
            super(new HashMap<>());
        }

        @Override
        public void sync() {
            if (fail) {
                throw DataUtils.newMVStoreException(DataUtils.ERROR_WRITING_FAILED, "simulated: disk gone");
            }
            super.sync();
        }
    }

    @Test
    void aFailedSyncClosesTheStore() {
        Path file = dir.resolve("aegis.mv.db");
        FailingSync files = new FailingSync();
        files.open(file.toString(), false, (char[]) null);
        StoreService store = new StoreService(file,
                StoreFile.openVerified(file, StoreFile.settings(16).adoptFileStore(files)));

        store.write(b -> b.put("m", "a", "1".getBytes(UTF_8)));
        files.fail = true;
        StoreException e = assertThrows(StoreException.class,
                () -> store.write(b -> b.put("m", "b", "2".getBytes(UTF_8))));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("failed commit"), e.getMessage());
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());

        assertEquals(HealthState.DOWN, store.health().state());
        assertTrue(store.health().detail().contains("disk gone"), store.health().detail());
        StoreException closed = assertThrows(StoreException.class, () -> store.map("m").get("a"));
        assertTrue(closed.getMessage().startsWith("store is closed"), closed.getMessage());
        assertThrows(StoreException.class, () -> store.write(b -> b.put("m", "c", new byte[1])));
        store.close(); // deactivation after a failure is quiet

        // the file is read again from scratch: what was acknowledged is there
        StoreService reopened = new StoreService(file, 16);
        try {
            assertEquals("1", new String(reopened.map("m").get("a").orElseThrow(), UTF_8));
        } finally {
            reopened.close();
        }
    }
}
