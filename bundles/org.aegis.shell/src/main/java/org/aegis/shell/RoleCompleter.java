package org.aegis.shell;

import java.util.List;
import java.util.Locale;
import org.aegis.api.security.Role;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes role names from the API's {@link Role} values, and parses them. */
@Service
public class RoleCompleter implements Completer {

    /** The role named {@code value} (any case); {@code option} names the option in the error. */
    static Role parse(String option, String value) {
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + value + "' for " + option
                    + ": use admin, operator or reader");
        }
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (Role role : Role.values()) {
            names.getStrings().add(role.name().toLowerCase());
        }
        return names.complete(session, commandLine, candidates);
    }
}
