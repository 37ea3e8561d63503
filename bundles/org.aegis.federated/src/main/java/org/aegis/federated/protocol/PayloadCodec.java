package org.aegis.federated.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.aegis.api.consensus.Proposal;

/**
 * Encodes and parses the federated decision payloads as JSON. Strict: unknown or missing fields and nulls for
 * numbers are refused, so a payload means one thing on every node. Thread-safe.
 */
public final class PayloadCodec {
    public static final String RUN = "federated-run";
    public static final String STATS = "federated-stats";
    public static final String UPDATE = "federated-update";
    public static final String ROUND = "federated-round";
    public static final String ROLLBACK = "federated-rollback";
    public static final String VERSION = "federated-version";

    private static final Map<String, Class<? extends FederatedPayload>> KINDS = Map.of(RUN, FederatedPayload.Run.class,
            STATS, FederatedPayload.Stats.class, UPDATE, FederatedPayload.Update.class,
            ROUND, FederatedPayload.Round.class, ROLLBACK, FederatedPayload.Rollback.class, VERSION,
            FederatedPayload.Version.class);
    private static final Map<Class<? extends FederatedPayload>, String> KIND_OF = Map.of(FederatedPayload.Run.class,
            RUN, FederatedPayload.Stats.class, STATS, FederatedPayload.Update.class, UPDATE,
            FederatedPayload.Round.class, ROUND, FederatedPayload.Rollback.class, ROLLBACK,
            FederatedPayload.Version.class, VERSION);

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Whether the kind is one of the federated kinds. */
    public static boolean isFederated(String kind) {
        return KINDS.containsKey(kind);
    }

    /** The decision kind of a payload. */
    public static String kind(FederatedPayload payload) {
        return KIND_OF.get(payload.getClass());
    }

    /** The payload's JSON bytes. */
    public byte[] encode(FederatedPayload payload) {
        try {
            return json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payload record always serialises", e);
        }
    }

    /**
     * The payload of a federated proposal; empty for any other kind.
     *
     * @throws IllegalArgumentException saying what is wrong with a federated payload
     */
    public Optional<FederatedPayload> parse(Proposal proposal) {
        Class<? extends FederatedPayload> type = KINDS.get(proposal.kind());
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(proposal.payload(), type));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            throw new IllegalArgumentException(proposal.kind() + " payload: " + (cause == e
                    ? e.getOriginalMessage() : cause.getMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(proposal.kind() + " payload is not JSON: " + e.getMessage(), e);
        }
    }
}
