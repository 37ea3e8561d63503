package org.aegis.store;

import java.nio.file.Path;
import org.aegis.api.store.PrivateFiles;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's way of keeping secret files, for the bundles that write their own (the TLS key stores). */
@Component(service = PrivateFiles.class)
public class PrivateFilesComponent implements PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFilesComponent.class);

    @Override
    public void folder(Path folder) {
        FileModes.folder(folder, LOG::warn);
    }

    @Override
    public void write(Path file, byte[] content) {
        FileModes.write(file, content);
    }
}
