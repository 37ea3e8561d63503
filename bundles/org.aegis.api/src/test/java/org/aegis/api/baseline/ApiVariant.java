package org.aegis.api.baseline;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.FileResource;
import aQute.bnd.osgi.Jar;
import aQute.bnd.version.Version;
import aQute.bnd.version.VersionRange;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * What a later release of the API would be: the API jar with some types recompiled from changed sources and some
 * package versions moved. Tests build one to show that a plugin survives a minor change on the platform's side and
 * that the baseline refuses a change its version does not cover.
 */
public final class ApiVariant {
    private final Path apiJar;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> packageVersions = new LinkedHashMap<>();
    private final List<String> removedPackages = new ArrayList<>();

    public ApiVariant(Path apiJar) {
        this.apiJar = apiJar;
    }

    /** Replaces the type {@code className} (e.g. {@code org.aegis.api.model.ModelProvider}) by {@code source}. */
    public ApiVariant withSource(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Exports {@code packageName} at {@code version} instead of its current version. */
    public ApiVariant withPackageVersion(String packageName, String version) {
        packageVersions.put(packageName, version);
        return this;
    }

    /** Leaves {@code packageName} out, classes and export. */
    public ApiVariant withoutPackage(String packageName) {
        removedPackages.add(packageName);
        return this;
    }

    /** {@code source} of a type with {@code member} added as its last member. */
    public static String withMember(String source, String member) {
        int end = source.lastIndexOf('}');
        if (end < 0) {
            throw new IllegalArgumentException("not a type declaration: " + source);
        }
        return source.substring(0, end) + "\n    " + member + "\n" + source.substring(end);
    }

    /** Compiles the changed types against the API and writes the variant to {@code target}. */
    public Path writeTo(Path target) throws Exception {
        Path work = Files.createTempDirectory("api-variant");
        Path classes = Files.createDirectories(work.resolve("classes"));
        compile(work.resolve("src"), classes);
        try (Jar jar = new Jar(apiJar.toFile()); Stream<Path> compiled = Files.walk(classes)) {
            for (Path file : compiled.filter(Files::isRegularFile).toList()) {
                String path = classes.relativize(file).toString().replace(File.separatorChar, '/');
                jar.putResource(path, new FileResource(file));
            }
            Attributes manifest = jar.getManifest().getMainAttributes();
            Parameters exports = new Parameters(manifest.getValue(Constants.EXPORT_PACKAGE));
            packageVersions.forEach((name, version) -> {
                Attrs attrs = exports.get(name);
                if (attrs == null) {
                    throw new IllegalArgumentException(name + " is not exported by " + apiJar);
                }
                attrs.put(Constants.VERSION_ATTRIBUTE, version);
            });
            for (String name : removedPackages) {
                jar.removePrefix(name.replace('.', '/') + "/");
                exports.remove(name);
            }
            manifest.putValue(Constants.EXPORT_PACKAGE, exports.toString());
            // the API imports what it exports (substitutable exports): a new version moves that range too
            Parameters imports = new Parameters(manifest.getValue(Constants.IMPORT_PACKAGE));
            packageVersions.forEach((name, version) -> {
                Attrs attrs = imports.get(name);
                if (attrs != null) {
                    Version moved = Version.parseVersion(version);
                    attrs.put(Constants.VERSION_ATTRIBUTE,
                            new VersionRange(true, moved, new Version(moved.getMajor() + 1, 0, 0), false).toString());
                }
            });
            removedPackages.forEach(imports::remove);
            manifest.putValue(Constants.IMPORT_PACKAGE, imports.toString());
            jar.write(target.toFile());
        }
        return target;
    }

    private void compile(Path sourceRoot, Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-cp", apiJar + File.pathSeparator + System.getProperty("java.class.path")));
        for (Map.Entry<String, String> type : sources.entrySet()) {
            Path file = sourceRoot.resolve(type.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, type.getValue());
            arguments.add(file.toString());
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the changed API does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
    }
}
