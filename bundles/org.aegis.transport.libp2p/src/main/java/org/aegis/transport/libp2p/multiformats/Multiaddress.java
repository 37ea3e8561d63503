package org.aegis.transport.libp2p.multiformats;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * A parsed multiaddr (libp2p addressing spec) with the protocols a TCP transport needs: {@code /ip4}, {@code /ip6},
 * {@code /dns}, {@code /dns4}, {@code /dns6}, {@code /tcp} and {@code /p2p}. Converts between the text form and the
 * binary form carried by identify.
 */
public record Multiaddress(List<Component> components) {
    /** Longest binary multiaddr accepted from a peer. */
    public static final int MAX_BINARY_LENGTH = 1024;

    public Multiaddress {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new ProtocolException("a multiaddr needs at least one component");
        }
    }

    /** One {@code /protocol/value} pair; {@code value} is empty for protocols without one. */
    public record Component(Protocol protocol, String value) {
    }

    /** The protocols understood here, with their multicodec codes. */
    public enum Protocol {
        IP4(4, "ip4", 4),
        TCP(6, "tcp", 2),
        IP6(41, "ip6", 16),
        DNS(53, "dns", -1),
        DNS4(54, "dns4", -1),
        DNS6(55, "dns6", -1),
        P2P(421, "p2p", -1);

        final int code;
        final String label;
        /** Size of the binary value in bytes; -1 when it is varint length-prefixed. */
        final int size;

        Protocol(int code, String label, int size) {
            this.code = code;
            this.label = label;
            this.size = size;
        }

        static Protocol ofLabel(String label) {
            for (Protocol p : values()) {
                if (p.label.equals(label)) {
                    return p;
                }
            }
            // ipfs is the old name of p2p
            if ("ipfs".equals(label)) {
                return P2P;
            }
            throw new ProtocolException("unsupported multiaddr protocol '/" + label + "'");
        }

        static Protocol ofCode(long code) {
            for (Protocol p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new ProtocolException("unsupported multiaddr protocol code " + code);
        }
    }

    /**
     * Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}.
     *
     * @throws ProtocolException with what is wrong and where
     */
    public static Multiaddress parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new ProtocolException("multiaddr '" + text + "' must start with '/'");
        }
        String[] parts = text.substring(1).split("/", -1);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Protocol protocol = Protocol.ofLabel(parts[i]);
            if (i + 1 >= parts.length) {
                throw new ProtocolException("multiaddr '" + text + "': /" + protocol.label + " needs a value");
            }
            String value = parts[++i];
            components.add(new Component(protocol, canonicalValue(protocol, value, text)));
        }
        return new Multiaddress(components);
    }

    /** Decodes the binary form: varint code, then the value (fixed size or varint length-prefixed). */
    public static Multiaddress fromBytes(byte[] bytes) {
        if (bytes.length > MAX_BINARY_LENGTH) {
            throw new ProtocolException("binary multiaddr of " + bytes.length + " bytes exceeds " + MAX_BINARY_LENGTH);
        }
        List<Component> components = new ArrayList<>();
        int[] next = new int[1];
        int offset = 0;
        while (offset < bytes.length) {
            Protocol protocol = Protocol.ofCode(UVarint.read(bytes, offset, next));
            offset = next[0];
            int size = protocol.size;
            if (size < 0) {
                long length = UVarint.read(bytes, offset, next);
                offset = next[0];
                if (length > bytes.length - offset) {
                    throw new ProtocolException("binary multiaddr: /" + protocol.label + " value runs past the end");
                }
                size = (int) length;
            } else if (size > bytes.length - offset) {
                throw new ProtocolException("binary multiaddr: /" + protocol.label + " value runs past the end");
            }
            byte[] value = Arrays.copyOfRange(bytes, offset, offset + size);
            offset += size;
            components.add(new Component(protocol, valueFromBytes(protocol, value)));
        }
        return new Multiaddress(components);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] varint = new byte[UVarint.MAX_BYTES];
        for (Component c : components) {
            out.write(varint, 0, UVarint.write(varint, 0, c.protocol().code));
            byte[] value = valueToBytes(c);
            if (c.protocol().size < 0) {
                out.write(varint, 0, UVarint.write(varint, 0, value.length));
            }
            out.write(value, 0, value.length);
        }
        return out.toByteArray();
    }

    /** The {@code /p2p} peer id, when the address ends with one. */
    public Optional<String> peerId() {
        Component last = components.get(components.size() - 1);
        return last.protocol() == Protocol.P2P ? Optional.of(last.value()) : Optional.empty();
    }

    /** This address without a trailing {@code /p2p} component. */
    public Multiaddress withoutPeerId() {
        return peerId().isPresent() ? new Multiaddress(components.subList(0, components.size() - 1)) : this;
    }

    /** This address ending with {@code /p2p/peerId}. */
    public Multiaddress withPeerId(String peerId) {
        List<Component> list = new ArrayList<>(withoutPeerId().components);
        list.add(new Component(Protocol.P2P, canonicalValue(Protocol.P2P, peerId, peerId)));
        return new Multiaddress(list);
    }

    /**
     * The TCP endpoint of an address of the form {@code /ip4|ip6|dns|dns4|dns6/host/tcp/port[/p2p/id]}; host names
     * stay unresolved.
     *
     * @throws ProtocolException when the address is not of that form
     */
    public InetSocketAddress tcpEndpoint() {
        List<Component> hostAndPort = withoutPeerId().components;
        if (hostAndPort.size() != 2 || hostAndPort.get(1).protocol() != Protocol.TCP) {
            throw new ProtocolException("'" + this + "' is not a TCP address (/ip4|ip6|dns4/<host>/tcp/<port>)");
        }
        Component host = hostAndPort.get(0);
        int port = Integer.parseInt(hostAndPort.get(1).value());
        return switch (host.protocol()) {
            case IP4, IP6 -> new InetSocketAddress(literal(host.value()), port);
            case DNS, DNS4, DNS6 -> InetSocketAddress.createUnresolved(host.value(), port);
            default -> throw new ProtocolException("'" + this + "' does not start with a host");
        };
    }

    /** The multiaddr of a TCP socket address, e.g. {@code /ip4/127.0.0.1/tcp/4001}. */
    public static Multiaddress ofTcp(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        Protocol protocol = ip instanceof Inet6Address ? Protocol.IP6 : Protocol.IP4;
        return new Multiaddress(List.of(new Component(protocol, NetUtil.toAddressString(ip)),
                new Component(Protocol.TCP, Integer.toString(address.getPort()))));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Component c : components) {
            text.append('/').append(c.protocol().label).append('/').append(c.value());
        }
        return text.toString();
    }

    private static String canonicalValue(Protocol protocol, String value, String text) {
        switch (protocol) {
            case IP4 -> {
                if (!NetUtil.isValidIpV4Address(value)) {
                    throw new ProtocolException("multiaddr '" + text + "': '" + value + "' is not an IPv4 address");
                }
                return NetUtil.toAddressString(literal(value));
            }
            case IP6 -> {
                if (!NetUtil.isValidIpV6Address(value)) {
                    throw new ProtocolException("multiaddr '" + text + "': '" + value + "' is not an IPv6 address");
                }
                InetAddress address = literal(value);
                if (!(address instanceof Inet6Address)) {
                    throw new ProtocolException("multiaddr '" + text + "': '" + value + "' is an IPv4 address, use /ip4");
                }
                return NetUtil.toAddressString(address);
            }
            case TCP -> {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= 0 && port <= 0xFFFF && value.equals(Integer.toString(port))) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below with the value
                }
                throw new ProtocolException("multiaddr '" + text + "': '" + value + "' is not a TCP port (0-65535)");
            }
            case DNS, DNS4, DNS6 -> {
                if (value.isEmpty() || value.length() > 253 || !value.matches("[A-Za-z0-9.-]+")) {
                    throw new ProtocolException("multiaddr '" + text + "': '" + value + "' is not a DNS name");
                }
                return value;
            }
            case P2P -> {
                PeerIds.toBytes(value);
                return value;
            }
            default -> throw new IllegalStateException(protocol.name());
        }
    }

    private static String valueFromBytes(Protocol protocol, byte[] value) {
        return switch (protocol) {
            case IP4, IP6 -> canonicalValue(protocol, NetUtil.bytesToIpAddress(value), "binary");
            case TCP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
            case DNS, DNS4, DNS6 -> canonicalValue(protocol, new String(value, StandardCharsets.UTF_8), "binary");
            case P2P -> PeerIds.fromBytes(value);
        };
    }

    private static byte[] valueToBytes(Component c) {
        return switch (c.protocol()) {
            case IP4, IP6 -> NetUtil.createByteArrayFromIpAddressString(c.value());
            case TCP -> {
                int port = Integer.parseInt(c.value());
                yield new byte[] {(byte) (port >>> 8), (byte) port};
            }
            case DNS, DNS4, DNS6 -> c.value().getBytes(StandardCharsets.UTF_8);
            case P2P -> PeerIds.toBytes(c.value());
        };
    }

    private static InetAddress literal(String ip) {
        try {
            // a validated literal: no name lookup happens
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(ip));
        } catch (UnknownHostException e) {
            throw new ProtocolException("'" + ip + "' is not an IP address", e);
        }
    }
}
