package org.aegis.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.security.IssuedClientCertificate;
import org.aegis.api.security.NodeCertificates;
import org.aegis.api.security.ServerCertificate;
import org.aegis.api.store.PrivateFiles;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "aegis", name = "cert", description = "Shows the node's HTTPS certificate, or issues a client"
        + " certificate for mutual TLS.",
        detailedDescription = "Examples:\n  aegis:cert\n  aegis:cert --role operator --name alice issue\n"
                + "  aegis:cert --role reader --name grafana --days 30 --out /tmp/certs issue\n"
                + "A client presents the certificate on the HTTPS port instead of a bearer token:\n"
                + "  curl --cacert aegis-ca.crt --cert alice.crt --key alice.key https://<host>:8443/api/v1/...\n"
                + "Revoke one with aegis:token --revoke x509:<serial>.")
@Service
public class CertCommand implements Action {

    @Argument(index = 0, name = "action", description = "show (the default) or issue")
    @Completion(value = StringsCompleter.class, values = {"show", "issue"})
    String action = "show";

    @Option(name = "--role", aliases = "-r", description = "issue: admin, operator or reader")
    @Completion(RoleCompleter.class)
    String role = "reader";

    @Option(name = "--name", aliases = "-n", description = "issue: whom the certificate is for")
    String name;

    @Option(name = "--days", description = "issue: validity in days")
    int days = 90;

    @Option(name = "--out", aliases = "-o", description = "issue: folder for <name>.crt, <name>.key and aegis-ca.crt"
            + " (default: data/aegis/tls/issued)")
    String out;

    @Reference(optional = true)
    NodeCertificates certificates;

    @Reference
    PrivateFiles privateFiles;

    @Reference(optional = true)
    AuditLog audit;

    @Reference
    Session session;

    @Override
    public Object execute() {
        NodeCertificates certificates = Services.require(this.certificates, "TLS certificate service", "aegis-tls");
        switch (action.toLowerCase(Locale.ROOT)) {
            case "show" -> show(certificates.server());
            case "issue" -> issue(certificates);
            default -> throw new IllegalArgumentException("Unknown action '" + action + "': use show or issue");
        }
        return null;
    }

    private void issue(NodeCertificates certificates) {
        if (name == null) {
            throw new IllegalArgumentException("issue needs --name: whom the certificate is for");
        }
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1, was " + days);
        }
        IssuedClientCertificate issued = certificates.issueClient(name, RoleCompleter.parse("--role", role),
                Duration.ofDays(days));
        Path folder = Path.of(out != null ? out
                : Path.of(System.getProperty("karaf.data", "data"), "aegis", "tls", "issued").toString())
                .toAbsolutePath();
        privateFiles.folder(folder);
        Path certificate = folder.resolve(name + ".crt");
        Path key = folder.resolve(name + ".key");
        Path authority = folder.resolve("aegis-ca.crt");
        privateFiles.write(key, issued.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
        privateFiles.write(certificate, issued.certificatePem().getBytes(StandardCharsets.US_ASCII));
        privateFiles.write(authority, issued.authorityPem().getBytes(StandardCharsets.US_ASCII));
        String user = ShellUser.of(session);
        if (audit != null) {
            audit.append(new AuditRecord(Instant.now(), user, "aegis:cert issue", "issued", "shell",
                    "issued " + issued.role().name().toLowerCase(Locale.ROOT) + " client certificate x509:"
                            + issued.serial() + " to " + name + " until " + issued.notAfter()));
        }
        System.out.println("Name        : " + issued.name());
        System.out.println("Role        : " + issued.role().name().toLowerCase(Locale.ROOT));
        System.out.println("Id          : x509:" + issued.serial());
        System.out.println("Expires     : " + issued.notAfter());
        System.out.println("SHA-256     : " + issued.sha256());
        System.out.println("Certificate : " + certificate);
        System.out.println("Key         : " + key + " (keep it like a password)");
        System.out.println("CA          : " + authority);
    }

    private static void show(ServerCertificate https) {
        System.out.println("Subject     : " + https.subject());
        System.out.println("Names       : " + String.join(", ", https.subjectAltNames()));
        System.out.println("Source      : " + https.source());
        System.out.println("Valid       : " + https.notBefore() + " to " + https.notAfter());
        System.out.println("SHA-256     : " + https.sha256());
        System.out.println("Trust with  : curl --cacert " + https.trustAnchorFile() + " https://<host>:<port>/api/health");
    }
}
