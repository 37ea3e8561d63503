package org.aegis.itests;

import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** The built distribution as Pax Exam starts it, and what tests running inside it need. */
final class Distribution {
    static final String PORT_PROPERTY = "aegis.itest.http.port";
    static final Duration WAIT = Duration.ofSeconds(90);

    private Distribution() {
    }

    /** Options for one container on free loopback ports; extra system properties go to the container. */
    static Option[] options() {
        String distribution = System.getProperty("aegis.distribution");
        File unpack = new File(System.getProperty("project.build.directory", "target"), "exam");
        String port = String.valueOf(Ports.free());
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(distribution).toURI().toString())
                    .karafVersion("4.4.8")
                    .name("AEGIS")
                    .unpackDirectory(unpack)
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            keepRuntimeFolder(),
            vmOption("-Xmx512m"),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "aegis.https.port", String.valueOf(Ports.free())),
            editConfigurationFilePut("etc/system.properties", PORT_PROPERTY, port),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(Ports.free())),
            editConfigurationFilePut("etc/org.aegis.transport.libp2p.cfg", "listenHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.aegis.transport.libp2p.cfg", "port", String.valueOf(Ports.free())),
            editConfigurationFilePut("etc/org.aegis.model.local.cfg", "trainingSteps", NodeProcess.TEST_TRAINING_STEPS),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
        };
    }

    static Http http() {
        return new Http(Integer.getInteger(PORT_PROPERTY));
    }

    /**
     * Waits for a service and gets it for the test's bundle. The test keeps it until the container stops: closing
     * the tracker alone would unget it, which invalidates a service factory's object (Configuration Admin's).
     */
    static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            assertNotNull(type.getName() + " not registered within " + WAIT, tracker.waitForService(WAIT.toMillis()));
            ServiceReference<T> reference = tracker.getServiceReference();
            T service = context.getService(reference);
            assertNotNull(type.getName() + " went away", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    /** Karaf registers BootFinished once every boot feature is installed; until then bundles are still starting. */
    static void awaitBoot(BundleContext context) throws Exception {
        ServiceTracker<Object, Object> boot = new ServiceTracker<>(context,
                context.createFilter("(objectClass=org.apache.karaf.features.BootFinished)"), null);
        boot.open();
        try {
            assertNotNull("Karaf boot did not finish within " + WAIT, boot.waitForService(WAIT.toMillis()));
        } finally {
            boot.close();
        }
    }

    /** Runs a shell command as an operator logged in with the admin role (Karaf's command ACLs need one). */
    static String shell(BundleContext context, String command) throws Exception {
        SessionFactory factory = service(context, SessionFactory.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = factory.create(System.in, out, out);
            try {
                Subject operator = new Subject();
                operator.getPrincipals().add(new UserPrincipal("itest"));
                for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
                    operator.getPrincipals().add(new RolePrincipal(role));
                }
                Object result = Subject.doAs(operator, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
                if (result != null) {
                    out.println(result);
                }
            } finally {
                session.close();
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
