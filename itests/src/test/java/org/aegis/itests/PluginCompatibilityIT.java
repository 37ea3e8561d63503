package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import org.aegis.api.baseline.ApiBaseline;
import org.aegis.api.baseline.ApiVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A plugin built against this API keeps working when the platform's API moves on by a minor release, and is
 * refused cleanly (not half-started) by a major one. The plugin is the example echo model provider as the reactor
 * built it; the later releases are this API with changes compiled in by {@link ApiVariant}; they run in a bare
 * Felix framework with Felix SCR, as in any OSGi container.
 */
class PluginCompatibilityIT {
    private static final Path API_SOURCES = Path.of("../bundles/org.aegis.api/src/main/java");
    private static final String PROVIDER = "org.aegis.api.model.ModelProvider";
    private static final String ROUTER = "org.aegis.api.router.ModelRouter";

    @TempDir
    Path work;
    private Framework framework;

    @AfterEach
    void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static Path classPathJar(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().matches(artifact + "-\\d[\\w.-]*(?<!-tests)\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException(artifact + " is not on the test class path"));
    }

    private static String source(String className) throws Exception {
        return Files.readString(API_SOURCES.resolve(className.replace('.', '/') + ".java"));
    }

    /**
     * Starts Felix with SCR and Jackson (the API's payload records read JSON with it), then {@code api} and the
     * example plugin; returns the plugin's bundle.
     */
    private Bundle runPluginOn(Path api) throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, work.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        List<Bundle> platform = new ArrayList<>();
        for (String artifact : List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
                "org.apache.felix.scr", "jackson-annotations", "jackson-core", "jackson-databind")) {
            platform.add(install(classPathJar(artifact)));
        }
        platform.add(install(api));
        for (Bundle bundle : platform) {
            bundle.start();
        }
        Bundle plugin = install(classPathJar("org.aegis.example.echo"));
        plugin.start();
        return plugin;
    }

    private Bundle install(Path jar) throws BundleException {
        return framework.getBundleContext().installBundle(jar.toUri().toString());
    }

    @Test
    void aPluginBuiltAgainstThisApiRunsOnTheNextMinorRelease() throws Exception {
        Path api = classPathJar("org.aegis.api");
        Path next = new ApiVariant(api)
                .withSource(PROVIDER, ApiVariant.withMember(source(PROVIDER), "default boolean warm() { return true; }"))
                .withPackageVersion("org.aegis.api.model", "2.1.0")
                .withSource(ROUTER, ApiVariant.withMember(source(ROUTER), "int pendingRequests();"))
                .withPackageVersion("org.aegis.api.router", "1.1.0")
                .writeTo(work.resolve("api-next-minor.jar"));
        assertEquals(List.of(), ApiBaseline.mismatches(next, api), "the platform's release is a correct minor one");

        Bundle plugin = runPluginOn(next);

        assertEquals(Bundle.ACTIVE, plugin.getState());
        BundleWire model = plugin.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).get(0);
        assertEquals("org.aegis.api.model", model.getCapability().getAttributes().get("osgi.wiring.package"));
        assertEquals("2.1.0", model.getCapability().getAttributes().get("version").toString());

        ServiceTracker<Object, Object> providers = new ServiceTracker<>(framework.getBundleContext(), PROVIDER, null);
        // all services: this test's own class path has the API too, so its classes are not the framework's
        providers.open(true);
        Object provider = providers.waitForService(10_000);
        assertNotNull(provider, () -> "the plugin's component registered no ModelProvider; bundles: " + bundles());
        ClassLoader apiClasses = provider.getClass().getClassLoader();
        assertEquals(true, call(provider, "warm"), "the new default method reaches the old plugin");
        List<?> models = (List<?>) call(provider, "models");
        assertEquals("example-echo", call(models.get(0), "id"));
        Object reply = ((CompletionStage<?>) call(provider, "chat", chatRequest(apiClasses, "still here")))
                .toCompletableFuture().join();
        assertEquals("still here", call(call(reply, "message"), "content"));
        providers.close();
    }

    @Test
    void aMajorReleaseRefusesThePluginInsteadOfBreakingItAtRuntime() throws Exception {
        Path api = classPathJar("org.aegis.api");
        Path major = new ApiVariant(api)
                .withSource(PROVIDER, ApiVariant.withMember(source(PROVIDER), "void warmUp();"))
                .withPackageVersion("org.aegis.api.model", "3.0.0")
                .writeTo(work.resolve("api-next-major.jar"));
        assertEquals(List.of(), ApiBaseline.mismatches(major, api), "the platform's release is a correct major one");

        BundleException refused = assertThrows(BundleException.class, () -> runPluginOn(major));

        assertTrue(refused.getMessage().startsWith("Unable to resolve org.aegis.example.echo"), refused.getMessage());
        assertTrue(refused.getMessage().contains("(osgi.wiring.package=org.aegis.api.model)(version>=2.0.0)(!(version>=3.0.0))"),
                refused.getMessage());
    }

    private String bundles() {
        return Arrays.stream(framework.getBundleContext().getBundles())
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState()).toList().toString();
    }

    /** A {@code ChatRequest} of the API inside the framework, whose classes are not this test's. */
    private static Object chatRequest(ClassLoader apiClasses, String text) throws Exception {
        Class<?> message = apiClasses.loadClass("org.aegis.api.model.ChatMessage");
        Class<?> request = apiClasses.loadClass("org.aegis.api.model.ChatRequest");
        Object userMessage = message.getConstructor(String.class, String.class).newInstance("user", text);
        return request.getConstructor(String.class, List.class, int.class, double.class)
                .newInstance("example-echo", List.of(userMessage), 16, 0.0);
    }

    private static Object call(Object target, String method, Object... arguments) throws Exception {
        for (Method candidate : target.getClass().getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                candidate.setAccessible(true);
                return candidate.invoke(target, arguments);
            }
        }
        throw new NoSuchMethodException(target.getClass() + "#" + method);
    }
}
