package org.aegis.itests.simulation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.consensus.pbft.testing.ByzantineBehaviour;
import org.aegis.consensus.pbft.testing.ByzantineBehaviour.Phase;
import org.aegis.consensus.pbft.testing.Equivocator;
import org.aegis.transport.memory.MemoryNetwork;
import org.aegis.transport.memory.NetworkEvent;

/**
 * Makes one validator Byzantine in the way its {@link Role} says, on the frames it sends, through the network's
 * interceptor: a PBFT stream message is one frame behind its 4-byte length, and a frame starts with the version
 * byte and the sender as a u16-length string. Lies that need the validator's signature are the PBFT unit tests'
 * {@link Equivocator}'s, signed with the validator's own key. Every random choice comes from the simulation's seed.
 */
final class Adversary {
    /** The PBFT stream protocol (PeerLinks.PROTOCOL, which is not exported). */
    static final String PBFT_PROTOCOL = "/aegis/pbft/1.0.0";
    private static final int LENGTH_PREFIX = 4;
    private static final int SENDER_OFFSET = LENGTH_PREFIX + 1 + 2;
    private static final int REPLAY_MEMORY = 512;

    private final Role role;
    private final NodeIdentity identity;
    private final String self;
    private final List<String> validators;
    private final SplittableRandom random;
    private final List<byte[]> overheard = new ArrayList<>();
    /** Replicas the equivocating primary or the conflicting voter lies to (fixed for the run). */
    private final Set<String> victims;

    Adversary(Role role, NodeIdentity identity, List<String> validators, SplittableRandom random) {
        this.role = role;
        this.identity = identity;
        this.self = identity.peerId();
        this.validators = List.copyOf(validators);
        this.random = random;
        List<String> others = new ArrayList<>(validators);
        others.remove(self);
        List<String> chosen = new ArrayList<>();
        // Between one and all of the others, so that the lies sometimes reach a quorum's worth of replicas.
        int count = 1 + random.nextInt(others.size());
        while (chosen.size() < count) {
            chosen.add(others.remove(random.nextInt(others.size())));
        }
        this.victims = Set.copyOf(chosen);
    }

    Role role() {
        return role;
    }

    /** Installs the interceptor (and trace) on the network; once per run, since Byzantine validators never crash. */
    void attach(MemoryNetwork network) {
        switch (role) {
            case EQUIVOCATING_PRIMARY -> equivocate(network,
                    (peer, phase, view, sequence) -> phase == Phase.PRE_PREPARE && victims.contains(peer));
            case CONFLICTING_VOTES -> equivocate(network,
                    (peer, phase, view, sequence) -> phase != Phase.PRE_PREPARE && victims.contains(peer)
                            && random.nextInt(4) != 0);
            case FORGER -> network.intercept(self, (from, to, channel, payload) ->
                    PBFT_PROTOCOL.equals(channel) ? forge(payload) : List.of(payload));
            case REPLAYER -> {
                network.trace(event -> overhear(event));
                network.intercept(self, (from, to, channel, payload) ->
                        PBFT_PROTOCOL.equals(channel) ? replay(payload) : List.of(payload));
            }
            case FLOODER -> network.intercept(self, (from, to, channel, payload) ->
                    PBFT_PROTOCOL.equals(channel) ? flood(payload) : List.of(payload));
            case SILENT -> network.intercept(self, (from, to, channel, payload) ->
                    PBFT_PROTOCOL.equals(channel) ? List.of() : List.of(payload));
        }
    }

    /** Sends the peers {@code behaviour} names conflicting messages, signed with this validator's key. */
    private void equivocate(MemoryNetwork network, ByzantineBehaviour behaviour) {
        Equivocator equivocator = new Equivocator(self, identity::sign, behaviour);
        network.intercept(self, (from, to, channel, payload) -> {
            if (!PBFT_PROTOCOL.equals(channel)) {
                return List.of(payload);
            }
            byte[] out = equivocator.filterWrite(to, payload);
            return out == null ? List.of() : List.of(out);
        });
    }

    private List<byte[]> forge(byte[] message) {
        int dice = random.nextInt(10);
        if (dice < 4) {
            return List.of(message);
        }
        byte[] forged = message.clone();
        if (dice < 7 && forged.length > SENDER_OFFSET + 52) {
            // Claim another validator as sender: peer ids of Ed25519 keys all have the same length.
            byte[] other = validators.get(random.nextInt(validators.size())).getBytes(StandardCharsets.US_ASCII);
            int length = ((forged[SENDER_OFFSET - 2] & 0xff) << 8) | (forged[SENDER_OFFSET - 1] & 0xff);
            if (length == other.length) {
                System.arraycopy(other, 0, forged, SENDER_OFFSET, other.length);
            }
        } else {
            int bit = random.nextInt((forged.length - LENGTH_PREFIX) * 8);
            forged[LENGTH_PREFIX + bit / 8] ^= (byte) (1 << (bit % 8));
        }
        // Half the time the forgery replaces the real frame, half the time it comes first.
        return random.nextBoolean() ? List.of(forged) : List.of(forged, message);
    }

    private void overhear(NetworkEvent event) {
        if (event.kind() == NetworkEvent.Kind.DELIVERED && PBFT_PROTOCOL.equals(event.channel())
                && (event.to().equals(self) || event.from().equals(self))) {
            if (overheard.size() == REPLAY_MEMORY) {
                overheard.remove(random.nextInt(REPLAY_MEMORY));
            }
            overheard.add(event.payload().clone());
        }
    }

    private List<byte[]> replay(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        out.add(message);
        for (int i = random.nextInt(4); i > 0 && !overheard.isEmpty(); i--) {
            out.add(random.nextInt(out.size() + 1) == 0 ? 0 : out.size(),
                    overheard.get(random.nextInt(overheard.size())));
        }
        return out;
    }

    private List<byte[]> flood(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        for (int copies = 1 + random.nextInt(5); copies > 0; copies--) {
            out.add(message);
            if (random.nextBoolean()) {
                out.add(junk());
            }
        }
        return out;
    }

    /** Random bytes behind a correct length prefix: the stream stays in step, the frame is malformed. */
    private byte[] junk() {
        byte[] body = new byte[1 + random.nextInt(300)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return ByteBuffer.allocate(LENGTH_PREFIX + body.length).putInt(body.length).put(body).array();
    }
}
