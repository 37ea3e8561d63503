package org.aegis.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.security.IssuedToken;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.TokenService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Command(scope = "aegis", name = "token", description = "Issues a REST API bearer token for a role, "
        + "or shows the admin token issued at the node's first start.",
        detailedDescription = "Examples:\n  aegis:token --role operator --subject alice --expires P30D\n"
                + "  aegis:token --initial\nThe token goes in the 'Authorization: Bearer <token>' header.")
@Service
public class TokenCommand implements Action {

    @Option(name = "--role", aliases = "-r", description = "admin, operator or reader")
    @Completion(RoleCompleter.class)
    String role = "reader";

    @Option(name = "--subject", aliases = "-s", description = "whom the token is for")
    String subject;

    @Option(name = "--expires", aliases = "-e", description = "lifetime as an ISO-8601 duration, e.g. PT8H or P30D")
    String expires = "P1D";

    @Option(name = "--initial", description = "show the admin token issued at first start instead of a new one")
    boolean initial;

    @Reference
    TokenService tokens;

    @Reference(optional = true)
    AuditLog audit;

    @Reference
    Session session;

    @Override
    public Object execute() {
        if (initial) {
            print(tokens.initialAdminToken());
            return null;
        }
        Role parsedRole;
        Duration lifetime;
        try {
            parsedRole = Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("Unknown role '" + role + "': use admin, operator or reader");
            return null;
        }
        try {
            lifetime = Duration.parse(expires);
        } catch (DateTimeParseException e) {
            System.err.println("--expires must be an ISO-8601 duration such as PT8H or P30D, was '" + expires + "'");
            return null;
        }
        String operator = "shell:" + Objects.toString(session.get("USER"), "karaf");
        IssuedToken issued;
        try {
            issued = tokens.issue(subject == null ? operator : subject, parsedRole, lifetime);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return null;
        }
        Principal p = issued.principal();
        if (audit != null) {
            audit.append(new AuditRecord(Instant.now(), operator, "aegis:token", "issued", "shell",
                    "issued " + p.role().name().toLowerCase() + " token " + p.tokenId() + " to " + p.subject()
                            + " until " + p.expiresAt()));
        }
        print(issued);
        return null;
    }

    private static void print(IssuedToken issued) {
        Principal p = issued.principal();
        System.out.println("Subject : " + p.subject());
        System.out.println("Role    : " + p.role().name().toLowerCase());
        System.out.println("Expires : " + p.expiresAt());
        System.out.println("Token   : " + issued.token());
    }
}
