package org.aegis.transport.memory.internal;

import org.aegis.api.transport.Multiaddr;

/**
 * Addresses on a memory network, in multiaddr form: {@code /memory/<port>/p2p/<peerId>}, where {@code memory}
 * is the multiaddr protocol for in-process transports and the port is the node's number on its network
 * (kept across restarts). A dial also accepts {@code /memory/<port>} and {@code /p2p/<peerId>}.
 *
 * @param port   the node's number, or 0 when the address names only a peer id
 * @param peerId the peer id, or {@code null} when the address names only a port
 */
record MemoryAddress(long port, String peerId) {
    static Multiaddr format(long port, String peerId) {
        return new Multiaddr("/memory/" + port + "/p2p/" + peerId);
    }

    static MemoryAddress parse(Multiaddr address) {
        String text = address.value();
        String[] parts = text.split("/", -1);
        if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("memory") && parts[3].equals("p2p")) {
            return new MemoryAddress(port(parts[2], text), peerId(parts[4], text));
        }
        if (parts.length == 3 && parts[0].isEmpty() && parts[1].equals("memory")) {
            return new MemoryAddress(port(parts[2], text), null);
        }
        if (parts.length == 3 && parts[0].isEmpty() && parts[1].equals("p2p")) {
            return new MemoryAddress(0, peerId(parts[2], text));
        }
        throw invalid(text, "expected /memory/<port>/p2p/<peerId>, /memory/<port> or /p2p/<peerId>");
    }

    private static long port(String value, String text) {
        try {
            long port = Long.parseLong(value);
            if (port > 0) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the address
        }
        throw invalid(text, "the memory port must be a positive integer");
    }

    private static String peerId(String value, String text) {
        if (value.isEmpty()) {
            throw invalid(text, "the peer id is empty");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("not a memory multiaddr: " + text + " (" + reason + ")");
    }
}
