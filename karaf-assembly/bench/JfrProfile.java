import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's CPU goes: reads JFR recordings (the execution samples of their Java threads) and charges each sample
 * to the first category its stack meets from the top (the innermost frame that belongs to one: the Ed25519 inside a
 * PBFT handler counts as Ed25519), then prints each category's share as JSON. Run as a source-file program:
 *
 *   java karaf-assembly/bench/JfrProfile.java label node0.jfr node1.jfr ...
 */
public final class JfrProfile {
    /** Categories by the start of a frame's class name, checked in this order for each frame. */
    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("ed25519", List.of("org.bouncycastle.math.ec.rfc8032", "org.bouncycastle.math.raw",
                "org.bouncycastle.crypto.signers.Ed25519", "org.bouncycastle.crypto.params.Ed25519"));
        CATEGORIES.put("sha/digests", List.of("org.bouncycastle.crypto.digests", "sun.security.provider.SHA",
                "sun.security.provider.DigestBase"));
        CATEGORIES.put("noise/chacha", List.of("org.bouncycastle.crypto.engines", "org.bouncycastle.crypto.macs",
                "org.bouncycastle.crypto.modes"));
        CATEGORIES.put("store (MVStore)", List.of("org.h2", "org.aegis.store"));
        CATEGORIES.put("logging", List.of("org.ops4j.pax.logging", "org.apache.logging", "org.slf4j", "ch.qos"));
        CATEGORIES.put("json", List.of("com.fasterxml.jackson"));
        CATEGORIES.put("jetty/cxf (REST)", List.of("org.eclipse.jetty", "org.apache.cxf", "org.aegis.rest",
                "org.ops4j.pax.web", "org.apache.aries.jax"));
        CATEGORIES.put("metrics/monitoring", List.of("org.aegis.metrics", "org.aegis.monitoring", "io.micrometer",
                "io.prometheus", "org.aegis.tracing", "io.opentelemetry"));
        CATEGORIES.put("pbft", List.of("org.aegis.consensus.pbft"));
        CATEGORIES.put("node state machine", List.of("org.aegis.node"));
        CATEGORIES.put("libp2p/netty", List.of("org.aegis.transport", "io.netty"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java JfrProfile.java LABEL RECORDING.jfr...");
            System.exit(2);
        }
        Map<String, Long> samples = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(c -> samples.put(c, 0L));
        samples.put("other", 0L);
        long total = 0;
        for (int i = 1; i < args.length; i++) {
            for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[i]))) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                samples.merge(categoryOf(event.getStackTrace().getFrames()), 1L, Long::sum);
                total++;
            }
        }
        StringBuilder json = new StringBuilder("{\"label\": \"" + args[0] + "\", \"samples\": " + total
                + ", \"share_percent\": {");
        String separator = "";
        for (Map.Entry<String, Long> e : samples.entrySet()) {
            json.append(separator).append('"').append(e.getKey()).append("\": ")
                    .append(String.format("%.1f", total == 0 ? 0.0 : 100.0 * e.getValue() / total));
            separator = ", ";
        }
        System.out.println(json.append("}}"));
    }

    private static String categoryOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, List<String>> category : CATEGORIES.entrySet()) {
                for (String prefix : category.getValue()) {
                    if (type.startsWith(prefix)) {
                        return category.getKey();
                    }
                }
            }
        }
        return "other";
    }
}
