package org.aegis.tls;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The names a client may use for the node, as subject alternative names of its server certificate: localhost, the
 * machine's host name and interface addresses, the operator's extra names, and {@code URI:aegis:peer:<peer id>}.
 * Names are compared in their text form ({@code DNS:…}, {@code IP:…}, {@code URI:…}).
 */
final class NodeNames {
    static final String PEER_URI_PREFIX = "aegis:peer:";

    private NodeNames() {
    }

    /** The names of this machine plus {@code extra} (host names or IP literals) and the peer id. */
    static Set<String> of(String peerId, Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        names.add("DNS:localhost");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank() && !isIpLiteral(host)) {
                names.add("DNS:" + host);
            }
        } catch (UnknownHostException e) {
            // a machine without a resolvable name: clients use an address
        }
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp()) {
                    nic.inetAddresses().filter(a -> !a.isLinkLocalAddress())
                            .forEach(a -> names.add("IP:" + a.getHostAddress().replaceFirst("%.*$", "")));
                }
            }
        } catch (SocketException e) {
            names.add("IP:127.0.0.1");
        }
        for (String name : extra) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                names.add(isIpLiteral(trimmed) ? "IP:" + normalisedIp(trimmed) : "DNS:" + trimmed);
            }
        }
        names.add("URI:" + PEER_URI_PREFIX + peerId);
        return names;
    }

    static List<GeneralName> generalNames(Collection<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            int colon = name.indexOf(':');
            String type = name.substring(0, colon);
            String value = name.substring(colon + 1);
            general.add(switch (type) {
                case "DNS" -> new GeneralName(GeneralName.dNSName, value);
                case "IP" -> new GeneralName(GeneralName.iPAddress, value);
                case "URI" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                default -> throw new IllegalArgumentException("unknown name type " + type);
            });
        }
        return general;
    }

    /** The subject alternative names of {@code certificate} in text form; empty when it has none. */
    static List<String> describe(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return names;
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                String value = String.valueOf(entry.get(1));
                switch (type) {
                    case GeneralName.dNSName -> names.add("DNS:" + value);
                    case GeneralName.iPAddress -> names.add("IP:" + normalisedIp(value));
                    case GeneralName.uniformResourceIdentifier -> names.add("URI:" + value);
                    default -> names.add("other:" + value);
                }
            }
        } catch (CertificateParsingException e) {
            names.clear();
        }
        return names;
    }

    private static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static String normalisedIp(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
