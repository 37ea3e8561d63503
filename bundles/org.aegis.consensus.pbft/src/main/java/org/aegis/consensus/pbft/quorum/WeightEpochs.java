package org.aegis.consensus.pbft.quorum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.aegis.api.consensus.InvalidPayloadException;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.WireReader;
import org.aegis.consensus.pbft.message.WireWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weight epochs (docs/metrics.md §5), a deterministic function of the executed decisions: {@code validators}
 * decisions change who votes, {@code metrics-report} decisions change a validator's consciousness level C. The vector
 * such a decision fixes takes effect at the first checkpoint after it: the epoch it starts counts the votes of every
 * sequence number after that checkpoint, so every honest replica weighs the same sequence number the same way.
 */
public final class WeightEpochs {
    public static final String KIND_METRICS_REPORT = "metrics-report";
    /** Weight of every validator when a vector cannot be used. */
    public static final int EQUAL_WEIGHT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(WeightEpochs.class);
    private static final int FORMAT = 1;

    private final WeightProvider provider;
    private final int checkpointInterval;
    private final ObjectMapper json = new ObjectMapper();
    /** Oldest first; the last one is in force after the last checkpoint executed. */
    private final List<Epoch> epochs = new ArrayList<>();
    private List<String> members;
    private final Map<String, Double> levels = new TreeMap<>();
    /** A decision changed the members or a level since the last epoch started. */
    private boolean changed;

    public WeightEpochs(WeightProvider provider, int checkpointInterval, List<String> genesis) {
        this.provider = provider;
        this.checkpointInterval = checkpointInterval;
        this.members = List.copyOf(genesis);
        epochs.add(new Epoch(0, 0, vector()));
    }

    /** The epoch in force after the last executed checkpoint: it names the primary of every view. */
    public Epoch current() {
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The epoch that counts the votes of {@code sequence}; empty while the checkpoint before it is not executed (its
     * weights may still change).
     */
    public Optional<Epoch> forSequence(long sequence, long lastExecuted) {
        long boundary = (sequence - 1) / checkpointInterval * checkpointInterval;
        if (sequence <= 0 || lastExecuted < boundary) {
            return Optional.empty();
        }
        for (int i = epochs.size() - 1; i >= 0; i--) {
            if (epochs.get(i).startsAfter() < sequence) {
                return Optional.of(epochs.get(i));
            }
        }
        return Optional.of(epochs.get(0));
    }

    /** The epoch for {@code sequence} when known, else the current one (to check proofs about the future). */
    public Epoch forSequenceOrCurrent(long sequence, long lastExecuted) {
        return forSequence(sequence, lastExecuted).orElseGet(this::current);
    }

    /** Whether the peer votes in any epoch still in use or in the next one. */
    public boolean isValidator(String peerId) {
        return members.contains(peerId) || epochs.stream().anyMatch(e -> e.contains(peerId));
    }

    /** Applies one executed request, from {@code signer}. Invalid content is ignored the same way everywhere. */
    public void apply(String signer, Proposal proposal) {
        if (ValidatorSetChange.KIND.equals(proposal.kind())) {
            try {
                members = ValidatorSetChange.fromPayload(proposal.payload()).peerIds();
                changed = true;
            } catch (InvalidPayloadException e) {
                LOG.warn("Decision {} of kind validators ignored: {}", proposal.id(), e.getMessage());
            }
        } else if (KIND_METRICS_REPORT.equals(proposal.kind())) {
            parseLevel(signer, proposal.payload()).ifPresentOrElse(c -> {
                levels.put(signer, c);
                changed = true;
            }, () -> LOG.warn("Decision {}: metrics report by {} is not a report of its own level; ignored",
                    proposal.id(), signer));
        }
    }

    /** After executing {@code sequence}: a checkpoint after a change starts the next epoch. */
    public void onExecuted(long sequence) {
        if (changed && sequence % checkpointInterval == 0) {
            Epoch next = new Epoch(current().number() + 1, sequence, vector());
            epochs.add(next);
            changed = false;
            LOG.info("Weight epoch {} starts after sequence {}: {}", next.number(), sequence,
                    next.set().validators());
        }
    }

    /** Forgets epochs that only counted sequence numbers up to the stable checkpoint. */
    public void prune(long stableCheckpoint) {
        while (epochs.size() > 1 && epochs.get(1).startsAfter() <= stableCheckpoint) {
            epochs.remove(0);
        }
    }

    /** The vector of the current members and levels, checked against the cap; equal weights when it fails. */
    private List<Validator> vector() {
        List<Double> c = members.stream().map(m -> levels.getOrDefault(m, 0.0)).toList();
        List<Integer> weights;
        try {
            weights = provider.weights(c);
        } catch (RuntimeException e) {
            LOG.error("Weight provider failed on {}; equal weights are used", c, e);
            weights = null;
        }
        if (weights == null || weights.size() != members.size() || weights.stream().anyMatch(w -> w == null || w <= 0)
                || !Quorums.withinCap(weights)) {
            if (weights != null) {
                LOG.error("Weight vector {} for {} breaks the cap 3·top_f < W or is malformed; equal weights are used",
                        weights, members);
            }
            weights = Collections.nCopies(members.size(), EQUAL_WEIGHT);
        }
        List<Validator> validators = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            validators.add(new Validator(members.get(i), weights.get(i)));
        }
        return validators;
    }

    /**
     * A {@code metrics-report} payload: the metrics message of docs/architecture.md; its {@code node_id} must be the
     * request's signer, and only {@code consciousness_metrics.consciousness_level} is used.
     */
    public Optional<Double> parseLevel(String signer, byte[] payload) {
        try {
            JsonNode node = json.readTree(payload);
            if (node == null || !signer.equals(node.path("node_id").asText(null))) {
                return Optional.empty();
            }
            JsonNode level = node.path("consciousness_metrics").path("consciousness_level");
            if (!level.isNumber() || !Double.isFinite(level.doubleValue())) {
                return Optional.empty();
            }
            return Optional.of(level.doubleValue());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------ persistence

    public byte[] encode() {
        WireWriter w = new WireWriter().u8(FORMAT).u8(changed ? 1 : 0).u16(members.size());
        members.forEach(w::string);
        w.u16(levels.size());
        levels.forEach((peer, c) -> w.string(peer).u64(Double.doubleToLongBits(c)));
        w.u16(epochs.size());
        for (Epoch e : epochs) {
            w.u64(e.number()).u64(e.startsAfter()).u16(e.set().validators().size());
            e.set().validators().forEach(v -> w.string(v.peerId()).u32(v.weight()));
        }
        return w.toByteArray();
    }

    /** Replaces this state with one {@link #encode} wrote. */
    public void restore(byte[] data) throws MalformedMessageException {
        WireReader r = new WireReader(data);
        int format = r.u8();
        if (format != FORMAT) {
            throw new MalformedMessageException("unknown weight-epochs format " + format);
        }
        boolean restoredChanged = r.u8() == 1;
        List<String> restoredMembers = new ArrayList<>();
        for (int i = r.count("members", MessageCodec.MAX_VALIDATORS); i > 0; i--) {
            restoredMembers.add(r.string("member", MessageCodec.MAX_PEER_ID_BYTES));
        }
        Map<String, Double> restoredLevels = new TreeMap<>();
        for (int i = r.count("levels", MessageCodec.MAX_VALIDATORS * 4); i > 0; i--) {
            restoredLevels.put(r.string("peer", MessageCodec.MAX_PEER_ID_BYTES), Double.longBitsToDouble(r.u64()));
        }
        List<Epoch> restoredEpochs = new ArrayList<>();
        for (int i = r.count("epochs", 1024); i > 0; i--) {
            long number = r.u64();
            long startsAfter = r.u64();
            List<Validator> validators = new ArrayList<>();
            for (int j = r.count("validators", MessageCodec.MAX_VALIDATORS); j > 0; j--) {
                validators.add(new Validator(r.string("validator", MessageCodec.MAX_PEER_ID_BYTES), r.u32()));
            }
            restoredEpochs.add(new Epoch(number, startsAfter, validators));
        }
        r.end();
        if (restoredEpochs.isEmpty()) {
            throw new MalformedMessageException("no epoch in the stored weight epochs");
        }
        changed = restoredChanged;
        members = List.copyOf(restoredMembers);
        levels.clear();
        levels.putAll(restoredLevels);
        epochs.clear();
        epochs.addAll(restoredEpochs);
    }
}
