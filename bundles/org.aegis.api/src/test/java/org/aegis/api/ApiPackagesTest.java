package org.aegis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the API is exported with a semantic version, so that a plugin built against it gets an
 * import range and resolves on any node with a compatible API; and the API holds no implementation classes.
 */
class ApiPackagesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/aegis/api");
    private static final Pattern EXCEPTION = Pattern.compile("public class \\w+ extends \\w*Exception ");
    /**
     * Instruments every bundle records into and the monitoring bundle reads: one implementation in the API, so that
     * all bundles bucket alike and none copies it.
     */
    private static final Set<String> INSTRUMENTS = Set.of("LatencyHistogram");
    private static final Pattern VERSION = Pattern.compile("@Version\\(\"(\\d+)\\.(\\d+)\\.(\\d+)\"\\)");

    private static List<Path> packages() throws IOException {
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            return dirs.filter(Files::isDirectory).filter(ApiPackagesTest::hasJava).toList();
        }
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyPackageIsExportedWithASemanticVersion() throws IOException {
        List<Path> packages = packages();
        assertEquals(17, packages.size(), "API packages: " + packages);
        for (Path dir : packages) {
            Path info = dir.resolve("package-info.java");
            assertTrue(Files.exists(info), dir + " has no package-info.java");
            String text = Files.readString(info);
            assertTrue(text.contains("@Export"), info + " is not exported");
            assertTrue(VERSION.matcher(text).find(), info + " has no @Version(\"major.minor.micro\")");
        }
    }

    /** A final class with a private constructor and nothing but public static final fields. */
    private static boolean isConstants(Path file) {
        String name = Path.of("src/main/java").relativize(file).toString().replace(".java", "")
                .replace(java.io.File.separatorChar, '.');
        try {
            Class<?> type = Class.forName(name);
            return Modifier.isFinal(type.getModifiers()) && type.getDeclaredMethods().length == 0
                    && Arrays.stream(type.getDeclaredConstructors()).allMatch(c -> Modifier.isPrivate(c.getModifiers()))
                    && Arrays.stream(type.getDeclaredFields()).allMatch(f -> Modifier.isPublic(f.getModifiers())
                            && Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(file + " has no compiled class " + name, e);
        }
    }

    @Test
    void serviceInterfacesDeclareWhoImplementsThem() throws IOException {
        for (Path dir : packages()) {
            try (Stream<Path> files = Files.list(dir)) {
                // package-info.java holds documentation only, whose examples may show a plugin's classes
                for (Path file : files.filter(f -> f.toString().endsWith(".java")
                        && !f.endsWith("package-info.java")).toList()) {
                    String text = Files.readString(file);
                    if (text.contains("public interface ")) {
                        assertTrue(text.contains("@ProviderType") || text.contains("@ConsumerType"),
                                file + " must say whether plugins implement it (@ConsumerType) or only use it");
                    }
                    assertFalse(text.contains("public class ") && !EXCEPTION.matcher(text).find(),
                            file + ": the API holds no implementation classes");
                    // The exceptions (docs/architecture.md): the canonical codec of a format the API defines, a final
                    // class of static methods; a final class of constants only (names a plugin must use); and the
                    // shared telemetry instruments.
                    String name = file.getFileName().toString().replace(".java", "");
                    assertFalse(text.contains("public final class ") && !(name.endsWith("Codec")
                            && text.contains("private " + name + "()")) && !isConstants(file)
                            && !INSTRUMENTS.contains(name),
                            file + ": the API holds no implementation classes");
                }
            }
        }
    }
}
