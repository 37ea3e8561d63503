package org.aegis.api.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's semantic-versioning gate: the API bundle just packaged against the committed release of it
 * ({@code cnf/baseline/org.aegis.api.jar}). A change the package versions do not cover fails the build, with bnd's
 * suggested version; the other tests show the gate catches each kind of change it must.
 */
class ApiBaselineIT {
    private static final Path API_JAR = Path.of(System.getProperty("aegis.api.jar", "missing: aegis.api.jar"));
    private static final Path RELEASED = Path.of(System.getProperty("aegis.api.baseline", "missing: aegis.api.baseline"));
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String PROVIDER = "org.aegis.api.model.ModelProvider";
    private static final String ROUTER = "org.aegis.api.router.ModelRouter";

    @TempDir
    Path work;

    private static String source(String className) throws Exception {
        return Files.readString(SOURCES.resolve(className.replace('.', '/') + ".java"));
    }

    @Test
    void theApiBuiltNowIsCompatibleWithTheCommittedRelease() throws Exception {
        List<String> problems = ApiBaseline.mismatches(API_JAR, RELEASED);
        assertEquals(List.of(), problems, "API packages changed more than their @Version says; bump the version in"
                + " package-info.java as suggested (and read docs/plugins.md, \"Versioning rules\")");
    }

    @Test
    void anAbstractMethodOnAPluginSpiNeedsAMajorVersion() throws Exception {
        Path variant = new ApiVariant(API_JAR)
                .withSource(PROVIDER, ApiVariant.withMember(source(PROVIDER), "void warmUp();"))
                .withPackageVersion("org.aegis.api.model", "2.1.0")
                .writeTo(work.resolve("major.jar"));

        List<String> problems = ApiBaseline.mismatches(variant, API_JAR);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("org.aegis.api.model 2.1.0 must be at least 3.0.0"), problems::toString);
        assertTrue(problems.get(0).contains("ModelProvider#warmUp()"), problems::toString);
    }

    @Test
    void aDefaultMethodOnAPluginSpiIsAMinorChangeThatMustStillBeVersioned() throws Exception {
        String changed = ApiVariant.withMember(source(PROVIDER), "default boolean warm() { return true; }");

        Path unversioned = new ApiVariant(API_JAR).withSource(PROVIDER, changed).writeTo(work.resolve("same.jar"));
        Path versioned = new ApiVariant(API_JAR).withSource(PROVIDER, changed)
                .withPackageVersion("org.aegis.api.model", "2.1.0").writeTo(work.resolve("minor.jar"));

        List<String> problems = ApiBaseline.mismatches(unversioned, API_JAR);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("org.aegis.api.model 2.0.0 must be at least 2.1.0"), problems::toString);
        assertEquals(List.of(), ApiBaseline.mismatches(versioned, API_JAR));
    }

    @Test
    void aMethodOnAPlatformServiceIsAMinorChange() throws Exception {
        Path variant = new ApiVariant(API_JAR)
                .withSource(ROUTER, ApiVariant.withMember(source(ROUTER), "int pendingRequests();"))
                .withPackageVersion("org.aegis.api.router", "1.1.0")
                .writeTo(work.resolve("router.jar"));

        assertEquals(List.of(), ApiBaseline.mismatches(variant, API_JAR));
    }

    @Test
    void aRemovedPackageFailsTheBaseline() throws Exception {
        Path variant = new ApiVariant(API_JAR).withoutPackage("org.aegis.api.router").writeTo(work.resolve("less.jar"));

        List<String> problems = ApiBaseline.mismatches(variant, API_JAR);

        assertEquals(List.of("org.aegis.api.router was removed: every plugin importing it breaks"), problems);
    }
}
