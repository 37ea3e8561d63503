package org.aegis.node.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.consensus.ConfigChange;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.InvalidPayloadException;
import org.aegis.api.consensus.ModelVersionChange;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ValidatorSetChange;
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
                case ConfigChange.KIND -> applyConfig(sequence, proposal);
                case ModelVersionChange.KIND -> applyModelVersion(sequence, proposal, batch);
                case ValidatorSetChange.KIND -> applyValidators(sequence, proposal, batch);
                default -> Outcome.accepted(sequence, proposal.id(), proposal.kind(), "recorded");
            };
        } catch (InvalidPayloadException | DecisionPayloads.Forbidden e) {
            outcome = Outcome.rejected(sequence, proposal.id(), proposal.kind(), e.getMessage());
        }
        batch.put(STATE_MAP, outcomeKey(sequence), encode(outcome));
        batch.put(STATE_MAP, APPLIED_KEY, Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
        return outcome;
    }

    private Outcome applyConfig(long sequence, Proposal proposal) {
        ConfigChange change = DecisionPayloads.config(proposal);
        try {
            effects.mergeConfiguration(change.pid(), configAdminValues(change.properties()));
        } catch (IOException | RuntimeException e) {
            // The decision stands on every replica; this replica records that it could not carry it out.
            return Outcome.rejected(sequence, proposal.id(), proposal.kind(),
                    "configuration " + change.pid() + " not updated here: " + e.getMessage());
        }
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(),
                "configuration " + change.pid() + " updated: " + change.properties().keySet());
    }

    private Outcome applyModelVersion(long sequence, Proposal proposal, WriteBatch batch) {
        ModelVersionChange version = ModelVersionChange.fromPayload(proposal.payload());
        ObjectNode record = json.createObjectNode().put("model", version.model()).put("version", version.version())
                .put("sequence", sequence).put("proposal_id", proposal.id());
        version.digest().ifPresent(digest -> record.put("digest", digest));
        batch.put(Store.REGISTRY, MODEL_VERSION_PREFIX + version.model(), bytes(record));
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(),
                "model " + version.model() + " at version " + version.version());
    }

    private Outcome applyValidators(long sequence, Proposal proposal, WriteBatch batch) {
        ValidatorSetChange validators = ValidatorSetChange.fromPayload(proposal.payload());
        ObjectNode record = json.createObjectNode().put("sequence", sequence);
        validators.peerIds().forEach(record.putArray(VALIDATORS_KEY)::add);
        batch.put(Store.REGISTRY, VALIDATORS_KEY, bytes(record));
        return Outcome.accepted(sequence, proposal.id(), proposal.kind(), validators.peerIds().size() + " validators");
    }

    /** Config Admin's types: a list of texts becomes a {@code String[]}, as a .cfg file's comma list would. */
    private static Map<String, Object> configAdminValues(Map<String, Object> properties) {
        Map<String, Object> values = new LinkedHashMap<>();
        properties.forEach((key, value) -> values.put(key,
                value instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new) : value));
        return values;
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
}
