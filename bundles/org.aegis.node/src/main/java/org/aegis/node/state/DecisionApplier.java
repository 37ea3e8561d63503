package org.aegis.node.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.store.Store;
import org.aegis.api.store.WriteBatch;

/**
 * Turns one committed decision into its outcome, its side effects and the store changes that record it. The
 * result depends on the decision alone, so every honest replica reaches the same state.
 */
final class DecisionApplier {
    static final String STATE_MAP = "node.state";
    static final String APPLIED_KEY = "applied";
    private static final String OUTCOME_PREFIX = "outcome/";
    private static final String MODEL_VERSION_PREFIX = "model-version/";
    private static final String VALIDATORS_KEY = "validators";
    /** Configurations a decision may change: the node's own components, never a framework or Karaf PID. */
    private static final Pattern AEGIS_PID = Pattern.compile("org\\.aegis\\.[a-z0-9.]+(~[A-Za-z0-9_.-]+)?");
    private static final Pattern PEER_ID = Pattern.compile("12D3KooW[1-9A-HJ-NP-Za-km-z]{44}");

    private final ObjectMapper json;
    private final Effects effects;

    DecisionApplier(ObjectMapper json, Effects effects) {
        this.json = json;
        this.effects = effects;
    }

    static String outcomeKey(long sequence) {
        return OUTCOME_PREFIX + String.format("%020d", sequence);
    }

    static String outcomeKeyPrefixEnd() {
        return OUTCOME_PREFIX + "~";
    }

    /** Applies the side effects, then returns the outcome and writes it into {@code batch}. */
    Outcome apply(Decision decision, WriteBatch batch) {
        Proposal proposal = decision.proposal();
        long sequence = decision.sequence();
        Outcome outcome;
        try {
            outcome = switch (proposal.kind()) {
                case DecisionKinds.CONFIG -> applyConfig(sequence, proposal);
                case DecisionKinds.MODEL_VERSION -> applyModelVersion(sequence, proposal, batch);
                case DecisionKinds.VALIDATORS -> applyValidators(sequence, proposal, batch);
                default -> Outcome.accepted(sequence, proposal.id(), proposal.kind(), "recorded");
            };
        } catch (InvalidPayload e) {
            outcome = Outcome.rejected(sequence, proposal.id(), proposal.kind(), e.getMessage());
        }
        batch.put(STATE_MAP, outcomeKey(sequence), encode(outcome));
        batch.put(STATE_MAP, APPLIED_KEY, Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
        return outcome;
    }

    private Outcome applyConfig(long sequence, Proposal proposal) {
        JsonNode payload = parse(proposal);
        String pid = text(payload, "pid");
        if (!AEGIS_PID.matcher(pid).matches()) {
            throw new InvalidPayload("pid must name an AEGIS component (org.aegis.…), was '" + pid + "'");
        }
        JsonNode properties = payload.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            throw new InvalidPayload("properties must be a non-empty object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        properties.fields().forEachRemaining(field -> values.put(field.getKey(), configValue(field.getKey(), field.getValue())));
        try {
            effects.mergeConfiguration(pid, values);
        } catch (IOException | RuntimeException e) {
            // The decision stands on every replica; this replica records that it could not carry it out.
            return Outcome.rejected(sequence, proposal.id(), proposal.kind(),
                    "configuration " + pid + " not updated here: " + e.getMessage());
        }
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(), "configuration " + pid + " updated: " + values.keySet());
    }

    private static Object configValue(String key, JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new InvalidPayload("property " + key + ": arrays may hold only strings, numbers or booleans");
                }
                items.add(item.asText());
            }
            return items.toArray(String[]::new);
        }
        throw new InvalidPayload("property " + key + " must be a string, number, boolean or array of them");
    }

    private Outcome applyModelVersion(long sequence, Proposal proposal, WriteBatch batch) {
        JsonNode payload = parse(proposal);
        String model = text(payload, "model");
        String version = text(payload, "version");
        ObjectNode record = json.createObjectNode().put("model", model).put("version", version)
                .put("sequence", sequence).put("proposal_id", proposal.id());
        if (payload.hasNonNull("digest")) {
            record.put("digest", text(payload, "digest"));
        }
        batch.put(Store.REGISTRY, MODEL_VERSION_PREFIX + model, bytes(record));
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(), "model " + model + " at version " + version);
    }

    private Outcome applyValidators(long sequence, Proposal proposal, WriteBatch batch) {
        JsonNode validators = parse(proposal).get(VALIDATORS_KEY);
        if (validators == null || !validators.isArray() || validators.isEmpty()) {
            throw new InvalidPayload("validators must be a non-empty array of peer ids");
        }
        for (JsonNode peer : validators) {
            if (!peer.isTextual() || !PEER_ID.matcher(peer.asText()).matches()) {
                throw new InvalidPayload("not an Ed25519 peer id: " + peer);
            }
        }
        ObjectNode record = json.createObjectNode().put("sequence", sequence);
        record.set(VALIDATORS_KEY, validators);
        batch.put(Store.REGISTRY, VALIDATORS_KEY, bytes(record));
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(), validators.size() + " validators");
    }

    private JsonNode parse(Proposal proposal) {
        try {
            JsonNode node = json.readTree(proposal.payload());
            if (node == null || !node.isObject()) {
                throw new InvalidPayload("payload must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidPayload("payload is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPayload("payload is unreadable: " + e.getMessage());
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidPayload(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private byte[] encode(Outcome outcome) {
        return bytes(json.createObjectNode().put("sequence", outcome.sequence()).put("proposal_id", outcome.proposalId())
                .put("kind", outcome.kind()).put("status", outcome.status().name()).put("detail", outcome.detail()));
    }

    Outcome decode(byte[] stored) throws IOException {
        JsonNode node = json.readTree(stored);
        return new Outcome(node.get("sequence").asLong(), node.get("proposal_id").asText(), node.get("kind").asText(),
                Outcome.Status.valueOf(node.get("status").asText()), node.get("detail").asText());
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A payload this kind cannot use: the decision is recorded as rejected with this message. */
    private static final class InvalidPayload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidPayload(String message) {
            super(message);
        }
    }
}
