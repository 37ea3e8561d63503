package org.aegis.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.security.IssuedClientCertificate;
import org.aegis.api.security.NodeCertificates;
import org.aegis.api.security.Role;
import org.aegis.api.security.ServerCertificate;
import org.aegis.api.store.PrivateFiles;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the node's TLS certificates: where the HTTP server (Pax Web's Jetty, configured by {@code etc/jetty.xml})
 * reads its key and trust stores, the node's identity for the certificate's names, and a thread that notices
 * replaced certificate files and renews the generated certificate.
 */
@Component(service = NodeCertificates.class, immediate = true, configurationPid = TlsConfig.PID)
@Designate(ocd = TlsConfig.class)
public class TlsComponent implements NodeCertificates {
    /** The HTTP server's configuration: its {@code aegis.tls.*} properties are what jetty.xml reads too. */
    static final String HTTP_SERVER_PID = "org.ops4j.pax.web";
    static final String KEY_STORE = "aegis.tls.keyStore";
    static final String TRUST_STORE = "aegis.tls.trustStore";
    static final String STORE_PASSWORD = "aegis.tls.storePassword";
    private static final Logger LOG = LoggerFactory.getLogger(TlsComponent.class);

    private final TlsCredentials credentials;
    private final ScheduledExecutorService checker;

    @Activate
    public TlsComponent(TlsConfig config, @Reference NodeIdentity identity, @Reference ConfigurationAdmin configAdmin,
            @Reference PrivateFiles privateFiles) throws IOException, InvalidSyntaxException {
        Dictionary<String, Object> http = httpServerProperties(configAdmin);
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path tls = Path.of(System.getProperty("karaf.data", "data"), "aegis", "tls");
        TlsFiles files = new TlsFiles(Path.of(required(http, KEY_STORE)), Path.of(required(http, TRUST_STORE)),
                required(http, STORE_PASSWORD).toCharArray(), tls.resolve("ca.p12"), tls.resolve("ca.crt"),
                etc.resolve(config.certificateFile()), etc.resolve(config.privateKeyFile()),
                etc.resolve(config.clientCaFile()));
        credentials = new TlsCredentials(files, privateFiles, new CertificateMaker(), Clock.systemUTC(), identity.peerId(),
                NodeNames.of(identity.peerId(), Arrays.asList(config.hostNames())),
                Duration.ofDays(config.serverValidityDays()), Duration.ofDays(config.renewBeforeDays()), LOG::warn);
        credentials.refresh(); // at start a failure is the component's: nothing to fall back on
        ServerCertificate served = credentials.server();
        LOG.info("HTTPS serves {} ({}), SHA-256 {}; clients trust it with {}", served.subject(), served.source(),
                served.sha256(), served.trustAnchorFile());
        checker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aegis-tls-files"));
        checker.scheduleWithFixedDelay(this::check, config.checkSeconds(), config.checkSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        checker.shutdownNow();
        checker.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public ServerCertificate server() {
        return credentials.server();
    }

    @Override
    public IssuedClientCertificate issueClient(String name, Role role, Duration validity) {
        return credentials.issueClient(name, role, validity);
    }

    private void check() {
        try {
            if (credentials.refresh()) {
                ServerCertificate served = credentials.server();
                LOG.info("HTTPS certificate now {} ({}), SHA-256 {}, valid until {}", served.subject(),
                        served.source(), served.sha256(), served.notAfter());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not bring the HTTPS certificate up to date; serving the previous one", e);
        }
    }

    private static Dictionary<String, Object> httpServerProperties(ConfigurationAdmin configAdmin)
            throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + HTTP_SERVER_PID + ")");
        if (found == null || found.length == 0 || found[0].getProperties() == null) {
            throw new IllegalStateException("no configuration " + HTTP_SERVER_PID + " (etc/" + HTTP_SERVER_PID
                    + ".cfg): it sets where Jetty reads the TLS key store (" + KEY_STORE + ", " + TRUST_STORE + ", "
                    + STORE_PASSWORD + ")");
        }
        return found[0].getProperties();
    }

    private static String required(Dictionary<String, Object> properties, String key) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException(key + " is not set in etc/" + HTTP_SERVER_PID + ".cfg");
        }
        return value.toString().trim();
    }
}
