package org.aegis.api.security;

import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The format of a client certificate's subject, which names its holder and role for mutual TLS:
 * {@code CN=<name>, OU=<role>, O=AEGIS} (role {@code reader}, {@code operator} or {@code admin}). The node's own certificate authority issues such
 * certificates ({@code aegis:cert issue}); an operator's CA trusted by the node must follow the same convention.
 * Issuer and reader of the convention both use this class.
 */
public final class ClientCertificateCodec {
    /** The organisation every AEGIS client certificate names. */
    public static final String ORGANISATION = "AEGIS";
    /** Prefix of the subject of a {@link Principal} that a client certificate stands for. */
    public static final String SUBJECT_PREFIX = "cert:";
    /** Prefix of the {@link Principal#tokenId()} of a client certificate; the serial number (hex) follows. */
    public static final String ID_PREFIX = "x509:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private ClientCertificateCodec() {
    }

    /**
     * The subject (RFC 2253) of a client certificate for {@code name} with {@code role}.
     *
     * @throws IllegalArgumentException when {@code name} is not 1 to 64 letters, digits, {@code . _ @ -}
     */
    public static String subject(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a client certificate name is 1 to 64 letters, digits, '.', '_', '@'"
                    + " or '-', starting with a letter or digit; was '" + name + "'");
        }
        return "CN=" + name + ",OU=" + role.name().toLowerCase(Locale.ROOT) + ",O=" + ORGANISATION;
    }

    /**
     * Whom a verified client certificate stands for; empty when its subject does not follow the convention (no
     * single CN, no known role in a single OU, or another organisation). The caller must have verified the
     * certificate chain (the TLS handshake does).
     */
    public static Optional<Principal> principal(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            String name = single(subject, "CN");
            String role = single(subject, "OU");
            String organisation = single(subject, "O");
            if (name == null || role == null || !ORGANISATION.equals(organisation) || !NAME.matcher(name).matches()) {
                return Optional.empty();
            }
            Role parsed = Role.valueOf(role.toUpperCase(Locale.ROOT));
            return Optional.of(new Principal(SUBJECT_PREFIX + name, parsed,
                    ID_PREFIX + certificate.getSerialNumber().toString(16),
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()));
        } catch (InvalidNameException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The value of the one RDN of {@code type}; null when there is none or more than one. */
    private static String single(LdapName name, String type) {
        String found = null;
        for (Rdn rdn : name.getRdns()) {
            if (rdn.getType().equalsIgnoreCase(type)) {
                if (found != null) {
                    return null;
                }
                found = String.valueOf(rdn.getValue());
            }
        }
        return found;
    }
}
