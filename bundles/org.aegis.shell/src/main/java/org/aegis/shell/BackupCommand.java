package org.aegis.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "aegis", name = "backup", description = "Writes a consistent copy of the node's store to a file, "
        + "while the node runs.",
        detailedDescription = "The archive holds the node's private key, the tokens' signing keys, the decisions, "
                + "registries and the audit log: keep it as you keep the node's keys (it is written 0600).\n"
                + "Example:\n  aegis:backup /var/backups/aegis/node-1.zip\n"
                + "Restore it into the stopped node with bin/aegis-restore <file>. A relative path is taken from "
                + "the node's folder.")
@Service
public class BackupCommand implements Action {

    @Argument(name = "file", description = "the archive to write (replaced if it exists)", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Reference
    Store store;

    @Reference(optional = true)
    AuditLog audit;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        Path target = Path.of(file).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is a folder: name the archive to write, e.g. "
                    + target.resolve("aegis-backup.zip"));
        }
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("No such folder: " + folder);
        }
        store.backup(target);
        long size = Files.size(target);
        if (audit != null) {
            audit.append(new AuditRecord(Instant.now(), ShellUser.of(session), "aegis:backup", "written", "shell",
                    "backup of the store to " + target + " (" + size + " bytes)"));
        }
        System.out.println("Backup of " + store.location() + " written to " + target + " (" + size + " bytes)");
        return null;
    }
}
