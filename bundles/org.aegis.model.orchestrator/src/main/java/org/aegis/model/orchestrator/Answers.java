package org.aegis.model.orchestrator;

import java.util.List;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.Embeddings;

/** Checks what providers answer before a client sees it, and fills the parts a provider may leave out. */
final class Answers {
    static final String ASSISTANT = "assistant";
    static final String STOP = "stop";

    private Answers() {
    }

    /**
     * @throws BadAnswer when there is no reply text or a token count is negative
     */
    static ChatCompletion chat(ChatCompletion answer, String model) {
        if (answer == null) {
            throw new BadAnswer("completed with null instead of a completion");
        }
        ChatMessage message = answer.message();
        if (message == null || message.content() == null) {
            throw new BadAnswer("completion has no message text");
        }
        if (answer.promptTokens() < 0 || answer.completionTokens() < 0) {
            throw new BadAnswer("completion has negative token counts " + answer.promptTokens() + "/"
                    + answer.completionTokens());
        }
        return new ChatCompletion(blank(answer.model()) ? model : answer.model(),
                blank(message.role()) ? new ChatMessage(ASSISTANT, message.content()) : message,
                blank(answer.finishReason()) ? STOP : answer.finishReason(), answer.promptTokens(),
                answer.completionTokens());
    }

    /**
     * @throws BadAnswer unless there is one finite, non-empty vector per input, all of one dimension
     */
    static Embeddings embeddings(Embeddings answer, String model, int inputs) {
        if (answer == null) {
            throw new BadAnswer("completed with null instead of embeddings");
        }
        List<List<Double>> vectors = answer.vectors();
        if (vectors == null || vectors.size() != inputs) {
            throw new BadAnswer("returned " + (vectors == null ? "no" : vectors.size()) + " vectors for " + inputs
                    + " inputs");
        }
        int dimension = -1;
        for (List<Double> vector : vectors) {
            if (vector == null || vector.isEmpty()) {
                throw new BadAnswer("returned an empty vector");
            }
            if (dimension >= 0 && vector.size() != dimension) {
                throw new BadAnswer("returned vectors of dimensions " + dimension + " and " + vector.size());
            }
            dimension = vector.size();
            for (Double x : vector) {
                if (x == null || !Double.isFinite(x)) {
                    throw new BadAnswer("returned a vector with a non-finite component " + x);
                }
            }
        }
        if (answer.promptTokens() < 0) {
            throw new BadAnswer("returned a negative token count " + answer.promptTokens());
        }
        return new Embeddings(blank(answer.model()) ? model : answer.model(), List.copyOf(vectors),
                answer.promptTokens());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
