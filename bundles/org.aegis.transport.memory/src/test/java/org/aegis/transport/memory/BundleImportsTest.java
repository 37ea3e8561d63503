package org.aegis.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundle must resolve with org.aegis.api and the JDK alone (simulations embed it anywhere): its sources
 * import nothing else. OSGi annotations are build-time only.
 */
class BundleImportsTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern ALLOWED = Pattern.compile(
            "java\\..*|org\\.aegis\\.api(\\..*)?|org\\.aegis\\.transport\\.memory(\\..*)?|org\\.osgi\\.annotation\\..*");

    @Test
    void mainSourcesImportOnlyTheJdkTheApiAndAnnotations() throws IOException {
        List<String> foreign;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            foreign = files.filter(f -> f.toString().endsWith(".java")).flatMap(BundleImportsTest::foreignImports).toList();
        }
        assertEquals(List.of(), foreign);
    }

    private static Stream<String> foreignImports(Path file) {
        try {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            return imports.results().map(r -> r.group(1)).filter(imported -> !ALLOWED.matcher(imported).matches())
                    .map(imported -> file.getFileName() + " imports " + imported);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
