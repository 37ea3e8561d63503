package org.aegis.shell;

import java.util.List;
import org.aegis.api.security.Role;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes role names from the API's {@link Role} values. */
@Service
public class RoleCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (Role role : Role.values()) {
            names.getStrings().add(role.name().toLowerCase());
        }
        return names.complete(session, commandLine, candidates);
    }
}
