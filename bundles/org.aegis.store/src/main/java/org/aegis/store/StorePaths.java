package org.aegis.store;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.aegis.api.store.StoreException;

/** Where the store file lives: the configured path, else under Karaf's data folder, else the bundle's data area. */
final class StorePaths {
    static final String FILE_NAME = "aegis.mv.db";

    private StorePaths() {
    }

    /**
     * @param configured     the {@code path} property; blank means the default location
     * @param karafData      the framework property {@code karaf.data}, {@code null} outside Karaf
     * @param bundleDataFile the bundle's data file named {@link #FILE_NAME}, {@code null} if the framework has none
     */
    static Path resolve(String configured, String karafData, Supplier<File> bundleDataFile) {
        if (configured != null && !configured.isBlank()) {
            return absolute(configured.trim());
        }
        if (karafData != null && !karafData.isBlank()) {
            return absolute(karafData.trim()).resolve("aegis").resolve(FILE_NAME);
        }
        File dataFile = bundleDataFile.get();
        if (dataFile == null) {
            throw new StoreException("no place for the store file: karaf.data is not set and the framework gives"
                    + " the bundle no data area; set 'path' in configuration " + StoreService.PID);
        }
        return dataFile.toPath().toAbsolutePath().normalize();
    }

    private static Path absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StoreException("store path '" + path + "' is not a valid path: " + e.getMessage(), e);
        }
    }
}
