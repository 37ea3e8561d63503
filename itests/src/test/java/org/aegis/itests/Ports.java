package org.aegis.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Free loopback ports for a test node, and a check that a node let go of them. */
public final class Ports {
    /**
     * Every port handed out in this JVM: the kernel may offer a port again as soon as the probe closes it, and two
     * nodes configured before either starts would then both be given it (seen: one node's RMI registry and another's
     * HTTPS connector, which then stopped that node's whole web server).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int EPHEMERAL_LOW = ephemeralLow();
    /** How many ports below the ephemeral range tests take theirs from. */
    private static final int SPAN = 12_000;

    private Ports() {
    }

    /**
     * A port below the kernel's ephemeral range, free when asked: a port from that range (what binding port 0 gives)
     * may be taken, before the node binds it, as the local end of some connection (seen: a libp2p listener of a
     * federated test node, refused with "Address already in use" while the other nodes dialled each other).
     */
    public static int free() {
        int low = Math.max(1024, EPHEMERAL_LOW - SPAN);
        int span = EPHEMERAL_LOW - low;
        // where this JVM starts looking: two test JVMs (a developer's and CI's) rarely look in the same place
        int offset = span <= 0 ? 0 : (int) (ProcessHandle.current().pid() * 7919 % span);
        for (int i = 0; i < span; i++) {
            int port = low + (offset + i) % span;
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + low + ".." + (EPHEMERAL_LOW - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux; 32768, its default, elsewhere). */
    private static int ephemeralLow() {
        try {
            // readAllLines, not readString: procfs reports a size of 0, and readString returned the first byte only
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low >= 1024 + SPAN ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
