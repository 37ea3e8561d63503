package org.aegis.federated.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the bench ran on: processors, CPU model, Java, and the load averages of /proc/loadavg. */
final class Machine {
    private Machine() {
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code "4.50 5.38 5.04"}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
