package org.aegis.api.baseline;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * bnd's semantic-versioning baseline of an API bundle against an earlier release of it: every exported package
 * whose change is bigger than its version bump says (a method added to a {@code @ConsumerType} interface without
 * a major bump, a method added anywhere without a minor bump), and every package that disappeared.
 */
public final class ApiBaseline {
    private ApiBaseline() {
    }

    /** One line per package whose version does not cover its change; empty when the newer jar is compatible. */
    public static List<String> mismatches(Path newer, Path older) throws Exception {
        try (Processor reporter = new Processor();
                Jar newerJar = new Jar(newer.toFile());
                Jar olderJar = new Jar(older.toFile())) {
            List<String> problems = new ArrayList<>();
            for (Baseline.Info info : new Baseline(reporter, new DiffPluginImpl()).baseline(newerJar, olderJar, null)) {
                if (info.mismatch) {
                    problems.add(info.packageName + " " + info.newerVersion + " must be at least " + info.suggestedVersion
                            + " (was " + info.olderVersion + "): " + changes(info.packageDiff));
                }
            }
            Set<String> removed = new TreeSet<>(exports(olderJar));
            removed.removeAll(exports(newerJar));
            removed.forEach(name -> problems.add(name + " was removed: every plugin importing it breaks"));
            problems.addAll(reporter.getErrors());
            return problems;
        }
    }

    private static Set<String> exports(Jar jar) throws Exception {
        return new Parameters(jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE)).keySet();
    }

    /** The members that changed, e.g. {@code ModelProvider#warmUp() ADDED (MAJOR)}. */
    private static String changes(Diff packageDiff) {
        List<String> changes = new ArrayList<>();
        collect(packageDiff, "", changes);
        return String.join(", ", changes);
    }

    private static void collect(Diff diff, String owner, List<String> out) {
        Delta delta = diff.getDelta();
        if (delta == Delta.UNCHANGED || delta == Delta.IGNORED) {
            return;
        }
        String member = owner;
        switch (diff.getType()) {
            case CLASS, INTERFACE, ENUM, ANNOTATION -> {
                member = diff.getName().substring(diff.getName().lastIndexOf('.') + 1);
                if (delta == Delta.ADDED || delta == Delta.REMOVED) {
                    out.add(member + " " + delta);
                    return;
                }
            }
            case METHOD, FIELD -> {
                out.add(owner + "#" + diff.getName() + " " + delta);
                return;
            }
            default -> {
            }
        }
        for (Diff child : diff.getChildren()) {
            collect(child, member, out);
        }
    }
}
