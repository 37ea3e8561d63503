package org.aegis.shell;

import java.util.Objects;
import org.apache.karaf.shell.api.console.Session;

/** Who runs a command, as the audit log and proposals name them: {@code shell:<user>}. */
final class ShellUser {
    private ShellUser() {
    }

    static String of(Session session) {
        return "shell:" + Objects.toString(session.get("USER"), "karaf");
    }
}
