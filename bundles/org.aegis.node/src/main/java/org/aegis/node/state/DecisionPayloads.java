package org.aegis.node.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.DecisionRules.Reason;
import org.aegis.api.consensus.DecisionRules.Refusal;
import org.aegis.api.consensus.Proposal;

/**
 * Reads and checks the payload of each decision kind the state machine interprets. The same code runs when a
 * decision is applied and when a proposer asks {@link DecisionRules} beforehand, so both always agree.
 */
final class DecisionPayloads {
    /** Configurations a decision may name at all: the node's own components, never a framework or Karaf PID. */
    private static final Pattern AEGIS_PID = Pattern.compile("org\\.aegis\\.[a-z0-9.]+(~[A-Za-z0-9_.-]+)?");
    private static final Pattern PEER_ID = Pattern.compile("12D3KooW[1-9A-HJ-NP-Za-km-z]{44}");
    private static final String VALIDATORS = "validators";

    /** {@code {"pid": …, "properties": {…}}}, checked against {@link NetworkSettings}. */
    record ConfigChange(String pid, Map<String, Object> properties) {
        ConfigChange {
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    /** {@code {"model": …, "version": …, "digest": …}}; the digest is optional. */
    record ModelVersion(String model, String version, Optional<String> digest) {
    }

    private final ObjectMapper json;

    DecisionPayloads(ObjectMapper json) {
        this.json = json;
    }

    /** The refusal the state machine would record for this proposal, if any; other kinds are always accepted. */
    Optional<Refusal> check(Proposal proposal) {
        try {
            switch (proposal.kind()) {
                case DecisionKinds.CONFIG -> config(proposal);
                case DecisionKinds.MODEL_VERSION -> modelVersion(proposal);
                case DecisionKinds.VALIDATORS -> validators(proposal);
                default -> {
                    // recorded as it is
                }
            }
            return Optional.empty();
        } catch (InvalidPayload e) {
            return Optional.of(new Refusal(e.reason, e.getMessage()));
        }
    }

    ConfigChange config(Proposal proposal) {
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
        NetworkSettings.refusal(pid, values.keySet()).ifPresent(reason -> {
            throw new InvalidPayload(Reason.FORBIDDEN, reason);
        });
        return new ConfigChange(pid, values);
    }

    ModelVersion modelVersion(Proposal proposal) {
        JsonNode payload = parse(proposal);
        Optional<String> digest = payload.hasNonNull("digest") ? Optional.of(text(payload, "digest")) : Optional.empty();
        return new ModelVersion(text(payload, "model"), text(payload, "version"), digest);
    }

    /** The validators' peer ids, in order. */
    JsonNode validators(Proposal proposal) {
        JsonNode validators = parse(proposal).get(VALIDATORS);
        if (validators == null || !validators.isArray() || validators.isEmpty()) {
            throw new InvalidPayload("validators must be a non-empty array of peer ids");
        }
        for (JsonNode peer : validators) {
            if (!peer.isTextual() || !PEER_ID.matcher(peer.asText()).matches()) {
                throw new InvalidPayload("not an Ed25519 peer id: " + peer);
            }
        }
        return validators;
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

    /** A payload its kind cannot use: the decision is recorded as rejected with this message. */
    static final class InvalidPayload extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reason reason;

        InvalidPayload(String message) {
            this(Reason.MALFORMED, message);
        }

        InvalidPayload(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
