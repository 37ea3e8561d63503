package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.aegis.api.security.Role;
import org.junit.jupiter.api.Test;

class TokenRequestParsingTest {
    private final ObjectMapper mapper = JsonProvider.mapper();

    @Test
    void readsSnakeCaseRequests() throws Exception {
        var request = mapper.readValue("{\"role\":\"operator\",\"subject\":\"bob\",\"expires_in\":\"PT2H\"}",
                TokenResource.TokenRequest.class);
        assertEquals(Role.OPERATOR, TokenResource.parseRole(request.role()));
        assertEquals(Duration.ofHours(2), TokenResource.parseLifetime(request.expiresIn()));
    }

    @Test
    void unknownFieldsAreNamedInTheError() {
        var e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(
                "{\"role\":\"reader\",\"subject\":\"x\",\"lifetime\":\"PT1H\"}", TokenResource.TokenRequest.class));
        String message = ErrorMappers.describe(e);
        assertTrue(message.contains("unknown field 'lifetime'"), message);
    }

    @Test
    void syntaxErrorsSayWhere() {
        var e = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"role\": ", TokenResource.TokenRequest.class));
        assertTrue(ErrorMappers.describe(e).startsWith("malformed JSON body:"), ErrorMappers.describe(e));
    }

    @Test
    void duplicateFieldsAreRejected() {
        assertThrows(JsonProcessingException.class, () -> mapper.readValue(
                "{\"role\":\"reader\",\"role\":\"admin\",\"subject\":\"x\"}", TokenResource.TokenRequest.class));
    }

    @Test
    void badRoleAndLifetimeHaveClearMessages() {
        var role = assertThrows(IllegalArgumentException.class, () -> TokenResource.parseRole("root"));
        assertTrue(role.getMessage().contains("admin, operator or reader"));
        var lifetime = assertThrows(IllegalArgumentException.class, () -> TokenResource.parseLifetime("1 hour"));
        assertTrue(lifetime.getMessage().contains("ISO-8601"));
    }

    @Test
    void loopbackDetectionNeedsNoLookup() {
        assertTrue(SecurityFilter.isLoopback("127.0.0.1"));
        assertTrue(SecurityFilter.isLoopback("0:0:0:0:0:0:0:1"));
        assertEquals(false, SecurityFilter.isLoopback("10.1.2.3"));
    }
}
