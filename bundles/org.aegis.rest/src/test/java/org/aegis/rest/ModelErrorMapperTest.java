package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import javax.ws.rs.core.Response;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.Test;

/** A router failure a resource lets through is answered by its reason, in the API's error shape. */
class ModelErrorMapperTest {

    @Test
    void answersEachReasonWithItsStatusAndTheRoutersMessage() {
        Map<Reason, Integer> expected = Map.of(Reason.BAD_REQUEST, 400, Reason.MODEL_NOT_FOUND, 404,
                Reason.LIMIT_EXCEEDED, 429, Reason.UNAVAILABLE, 503, Reason.TIMEOUT, 504);
        for (Reason reason : Reason.values()) {
            Response response = new ModelErrorMapper().toResponse(new ModelException(reason, "no " + reason));

            assertEquals(expected.get(reason), response.getStatus(), reason.name());
            assertEquals(new ApiError(expected.get(reason), "no " + reason), response.getEntity());
        }
    }
}
