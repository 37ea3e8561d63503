package org.aegis.api.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload of a {@value #KIND} decision: the version of a model the network runs from this decision on, and
 * optionally the digest of its weights.
 *
 * <pre>{"model": "…", "version": "…", "digest": "…"}</pre>
 */
public record ModelVersionChange(String model, String version, Optional<String> digest) {
    /** The decision kind whose payload this is. */
    public static final String KIND = "model-version";

    /** @throws InvalidPayloadException when the model or version is blank */
    public ModelVersionChange {
        requireText("model", model);
        requireText("version", version);
        Objects.requireNonNull(digest, "digest: Optional.empty() when there is none");
        digest.ifPresent(value -> requireText("digest", value));
    }

    /** @throws InvalidPayloadException when the payload is not this kind's JSON object, with what is wrong */
    public static ModelVersionChange fromPayload(byte[] payload) {
        JsonNode json = PayloadJson.object(payload);
        Optional<String> digest = json.hasNonNull("digest") ? Optional.of(PayloadJson.text(json, "digest"))
                : Optional.empty();
        return new ModelVersionChange(PayloadJson.text(json, "model"), PayloadJson.text(json, "version"), digest);
    }

    public byte[] toPayload() {
        ObjectNode payload = PayloadJson.newObject().put("model", model).put("version", version);
        digest.ifPresent(value -> payload.put("digest", value));
        return PayloadJson.bytes(payload);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidPayloadException(field + " must be a non-empty string");
        }
    }
}
