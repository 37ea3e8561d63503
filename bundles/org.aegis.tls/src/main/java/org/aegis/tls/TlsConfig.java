package org.aegis.tls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "AEGIS TLS", description = "Certificates of the node's HTTPS port. The port itself, the"
        + " key store paths and their password are set in etc/org.ops4j.pax.web.cfg (aegis.https.*, aegis.tls.*),"
        + " which Jetty reads too.")
public @interface TlsConfig {
    String PID = "org.aegis.tls";

    @AttributeDefinition(name = "Certificate file", description = "The operator's own server certificate chain (PEM,"
            + " leaf first), relative to Karaf's etc folder. Served instead of the generated one while it exists with"
            + " its key; replacing both files rotates the certificate without a restart.")
    String certificateFile() default "aegis-tls.crt";

    @AttributeDefinition(name = "Private key file", description = "The private key of the certificate file (PEM,"
            + " unencrypted, mode 0600), relative to etc.")
    String privateKeyFile() default "aegis-tls.key";

    @AttributeDefinition(name = "Client CA file", description = "CA certificates (PEM) of the operator whose client"
            + " certificates are accepted, besides those the node issues (aegis:cert issue); relative to etc. Their"
            + " subject must read CN=<name>, OU=<reader|operator|admin>, O=AEGIS.")
    String clientCaFile() default "aegis-client-ca.crt";

    @AttributeDefinition(name = "Extra host names", required = false, description = "Names and addresses clients use"
            + " for this node besides localhost, the host name and the interface addresses, put in the generated"
            + " certificate (e.g. node1.example.org, 203.0.113.7).")
    String[] hostNames() default {};

    @AttributeDefinition(name = "Server certificate validity (days)", min = "2")
    int serverValidityDays() default 365;

    @AttributeDefinition(name = "Renew before (days)", description = "A generated certificate is replaced this many"
            + " days before it expires.", min = "1")
    int renewBeforeDays() default 30;

    @AttributeDefinition(name = "Check interval (seconds)", description = "How often the certificate files are"
            + " checked for changes.", min = "1")
    int checkSeconds() default 2;
}
