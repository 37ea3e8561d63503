package org.aegis.rest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;

/**
 * Every JSON body the API reads, as the API reads it: a body is either accepted or refused with a reason for a
 * 400 (what {@link ErrorMappers#malformedBody} describes, or an IllegalArgumentException); nothing else escapes,
 * so no input reaches a 500. (Its first finding: bytes in no Unicode encoding were a 500.)
 */
class RequestBodiesFuzzTest {
    private static final ObjectMapper JSON = JsonProvider.mapper();
    private static final Principal OPERATOR = new Principal("fuzz", Role.OPERATOR, "t", Instant.EPOCH, Instant.MAX);

    @FuzzTest(maxDuration = "10s")
    void everyBodyIsAcceptedOrRefusedWithAReason(FuzzedDataProvider data) throws IOException {
        int endpoint = data.consumeInt(0, 3);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            switch (endpoint) {
                case 0 -> ConsensusResource.parse(JSON.readValue(body, ConsensusResource.ProposalRequest.class), OPERATOR);
                case 1 -> {
                    TokenResource.TokenRequest token = JSON.readValue(body, TokenResource.TokenRequest.class);
                    if (token != null) {
                        TokenResource.parseRole(token.role());
                        if (token.expiresIn() != null) {
                            TokenResource.parseLifetime(token.expiresIn());
                        }
                    }
                }
                case 2 -> new OpenAiRequests(JSON).chat(new ByteArrayInputStream(body));
                default -> new OpenAiRequests(JSON).embeddings(new ByteArrayInputStream(body));
            }
        } catch (IllegalArgumentException refused) {
            // a 400 with its message
        } catch (IOException unreadable) {
            // a 400 with a reason, as the API's error mappers turn it into one; any other IOException is a finding
            if (ErrorMappers.malformedBody(unreadable) == null) {
                throw unreadable;
            }
        }
    }
}
