package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aegis.api.store.Store;
import org.aegis.api.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The store's file and the room left beside it, what a "store near full" alert watches. */
@Component(service = {})
public final class StoreCollector {
    private final Store store;
    private final Registration registration;

    @Activate
    public StoreCollector(@Reference MonitoringRegistry registry, @Reference Store store) {
        this.store = store;
        this.registration = registry.register(this::collect);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    MetricSnapshots collect() {
        Families families = new Families().gauge("aegis_store_maps", "Named maps holding data",
                store.mapNames().size());
        Path file = store.location();
        try {
            FileStore disk = Files.getFileStore(file);
            families.gauge("aegis_store_size_bytes", "Size of the store's file", Files.size(file))
                    .gauge("aegis_store_disk_free_bytes", "Room left for the store on its file system",
                            disk.getUsableSpace())
                    .gauge("aegis_store_disk_size_bytes", "Size of the store's file system", disk.getTotalSpace());
        } catch (IOException e) {
            // the file cannot be read now (moved, or its disk gone): its sizes are left out of this scrape
        }
        return families.build();
    }
}
