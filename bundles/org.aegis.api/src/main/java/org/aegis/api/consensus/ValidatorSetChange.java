package org.aegis.api.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The payload of a {@value #KIND} decision: the whole validator set that votes from the first checkpoint after the
 * decision, as peer ids in order. The consensus engine changes who votes by it and the node's state machine records
 * it; both read it with {@link #fromPayload}, so they never disagree on what a payload means.
 *
 * <pre>{"validators": ["12D3KooW…", "12D3KooW…"]}</pre>
 *
 * A peer id here is the transport's name of a node: 1 to {@value #MAX_PEER_ID_LENGTH} characters of letters, digits
 * and {@code . _ : -} (a libp2p peer id is base58); the list holds 1 to {@value #MAX_VALIDATORS} distinct ids.
 */
public record ValidatorSetChange(List<String> peerIds) {
    /** The decision kind whose payload this is. */
    public static final String KIND = "validators";
    public static final int MAX_VALIDATORS = 1024;
    public static final int MAX_PEER_ID_LENGTH = 128;
    private static final String FIELD = "validators";
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_PEER_ID_LENGTH + "}");

    /** @throws InvalidPayloadException when the list is empty, too long, has a duplicate or a malformed id */
    public ValidatorSetChange {
        if (peerIds == null || peerIds.isEmpty() || peerIds.size() > MAX_VALIDATORS) {
            throw new InvalidPayloadException(FIELD + " must be a non-empty array of at most " + MAX_VALIDATORS
                    + " peer ids");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String id : peerIds) {
            if (id == null || !PEER_ID.matcher(id).matches()) {
                throw new InvalidPayloadException("not a peer id: '" + id + "' (1-" + MAX_PEER_ID_LENGTH
                        + " letters, digits or . _ : -)");
            }
            if (!distinct.add(id)) {
                throw new InvalidPayloadException("peer id listed twice: " + id);
            }
        }
        peerIds = List.copyOf(peerIds);
    }

    /** @throws InvalidPayloadException when the payload is not this kind's JSON object, with what is wrong */
    public static ValidatorSetChange fromPayload(byte[] payload) {
        JsonNode validators = PayloadJson.object(payload).get(FIELD);
        if (validators == null || !validators.isArray()) {
            throw new InvalidPayloadException(FIELD + " must be a non-empty array of peer ids");
        }
        List<String> ids = new ArrayList<>(validators.size());
        for (JsonNode peer : validators) {
            if (!peer.isTextual()) {
                throw new InvalidPayloadException("not a peer id: " + peer);
            }
            ids.add(peer.asText());
        }
        return new ValidatorSetChange(ids);
    }

    /**
     * The change that adds {@code peerId} to the set in force, last (so it is the last to become primary).
     *
     * @throws InvalidPayloadException when it is not a peer id or is a validator already
     */
    public static ValidatorSetChange adding(ValidatorSet inForce, String peerId) {
        List<String> ids = new ArrayList<>(peerIds(inForce));
        if (ids.contains(peerId)) {
            throw new InvalidPayloadException(peerId + " is a validator already");
        }
        ids.add(peerId);
        return new ValidatorSetChange(ids);
    }

    /**
     * The change that removes {@code peerId} from the set in force, the others keeping their order.
     *
     * @throws InvalidPayloadException when it is not a validator, or the only one
     */
    public static ValidatorSetChange removing(ValidatorSet inForce, String peerId) {
        List<String> ids = new ArrayList<>(peerIds(inForce));
        if (!ids.remove(peerId)) {
            throw new InvalidPayloadException(peerId + " is not a validator");
        }
        if (ids.isEmpty()) {
            throw new InvalidPayloadException(peerId + " is the only validator: a network needs at least one");
        }
        return new ValidatorSetChange(ids);
    }

    private static List<String> peerIds(ValidatorSet set) {
        return set.validators().stream().map(Validator::peerId).toList();
    }

    /** The payload, {@code {"validators": […]}}. */
    public byte[] toPayload() {
        ObjectNode payload = PayloadJson.newObject();
        ArrayNode ids = payload.putArray(FIELD);
        peerIds.forEach(ids::add);
        return PayloadJson.bytes(payload);
    }
}
