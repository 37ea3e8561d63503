package org.aegis.shell;

import java.time.Duration;
import java.time.Instant;
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
                + "  aegis:token --initial\n  aegis:token --revoke 0f1c…\n  aegis:token --rotate-key --grace PT1H\n"
                + "The token goes in the 'Authorization: Bearer <token>' header.")
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

    @Option(name = "--revoke", description = "revoke the token with this id (its 'Id' line, or token_id in REST)")
    String revoke;

    @Option(name = "--rotate-key", description = "make a new signing key current; tokens signed with the old one"
            + " stay valid for --grace, and a new initial admin token is shown")
    boolean rotateKey;

    @Option(name = "--grace", description = "with --rotate-key: how long tokens of the old key stay valid (ISO-8601)")
    String grace = "PT1H";

    @Reference
    TokenService tokens;

    @Reference(optional = true)
    AuditLog audit;

    @Reference
    Session session;

    @Override
    public Object execute() {
        String operator = ShellUser.of(session);
        if (initial) {
            print(tokens.initialAdminToken());
            return null;
        }
        if (revoke != null) {
            boolean revoked = tokens.revoke(revoke);
            audit(operator, revoked ? "revoked" : "already revoked", "token " + revoke);
            System.out.println(revoked ? "Revoked token " + revoke : "Token " + revoke + " was revoked already");
            return null;
        }
        if (rotateKey) {
            IssuedToken admin = tokens.rotateSigningKey(Durations.parse("--grace", grace));
            audit(operator, "rotated", "signing key rotated; tokens of the previous key valid for " + grace);
            System.out.println("New signing key; tokens signed before stay valid for " + grace + ". New initial admin token:");
            print(admin);
            return null;
        }
        Role parsedRole = RoleCompleter.parse("--role", role);
        Duration lifetime = Durations.parse("--expires", expires);
        IssuedToken issued = tokens.issue(subject == null ? operator : subject, parsedRole, lifetime);
        Principal p = issued.principal();
        audit(operator, "issued", "issued " + p.role().name().toLowerCase() + " token " + p.tokenId() + " to "
                + p.subject() + " until " + p.expiresAt());
        print(issued);
        return null;
    }

    private void audit(String operator, String outcome, String detail) {
        if (audit != null) {
            audit.append(new AuditRecord(Instant.now(), operator, "aegis:token", outcome, "shell", detail));
        }
    }

    private static void print(IssuedToken issued) {
        Principal p = issued.principal();
        System.out.println("Subject : " + p.subject());
        System.out.println("Role    : " + p.role().name().toLowerCase());
        System.out.println("Expires : " + p.expiresAt());
        System.out.println("Id      : " + p.tokenId());
        System.out.println("Token   : " + issued.token());
    }
}
