package org.aegis.model.local;

import java.util.List;
import java.util.Set;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/** Checks requests against the configured limits; a bad one gets a {@link ModelException} that says what is wrong. */
final class RequestValidator {
    static final double MAX_TEMPERATURE = 2.0;
    /** Between the messages of a conversation in the prompt: a blank line, which ends an entry in the corpus. */
    static final String MESSAGE_SEPARATOR = "\n\n";
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    /**
     * What to generate.
     *
     * @param prompt      the messages' contents, in order, joined by a blank line
     * @param maxTokens   characters to generate at most
     * @param temperature 0 for greedy decoding
     */
    record ChatPlan(String prompt, int maxTokens, double temperature) {
    }

    private final LocalModelSettings settings;

    RequestValidator(LocalModelSettings settings) {
        this.settings = settings;
    }

    ChatPlan chat(ChatRequest request) {
        if (request == null) {
            throw bad("chat request is missing");
        }
        checkModel(request.model());
        List<ChatMessage> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            throw bad("messages must not be empty");
        }
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message == null || message.content() == null) {
                throw bad("messages[" + i + "] has no content");
            }
            if (!ROLES.contains(message.role())) {
                throw bad("messages[" + i + "] has role " + message.role() + "; expected one of system, user,"
                        + " assistant");
            }
            if (i > 0) {
                prompt.append(MESSAGE_SEPARATOR);
            }
            prompt.append(message.content());
        }
        if (prompt.toString().isBlank()) {
            throw bad("messages have no text to continue");
        }
        checkLength("prompt", prompt);
        int maxTokens = request.maxTokens();
        if (maxTokens < 0) {
            throw bad("max_tokens must be at least 0 (0 for the default of " + settings.defaultMaxTokens() + "), was "
                    + maxTokens);
        }
        double temperature = request.temperature();
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw bad("temperature must be in [0, " + MAX_TEMPERATURE + "], was " + temperature);
        }
        // max_tokens is a bound, not a length: a reply cut at the limit honours any larger one. Refusing it would
        // refuse what the router sends for a client that gave none (its own limit, 4096 by default).
        return new ChatPlan(prompt.toString(), maxTokens == 0 ? settings.defaultMaxTokens()
                : Math.min(maxTokens, settings.maxTokensLimit()), temperature);
    }

    /** The texts to embed. */
    List<String> embed(EmbeddingRequest request) {
        if (request == null) {
            throw bad("embedding request is missing");
        }
        checkModel(request.model());
        List<String> input = request.input();
        if (input == null || input.isEmpty()) {
            throw bad("input must not be empty");
        }
        if (input.size() > settings.maxEmbeddingInputs()) {
            throw bad("input has " + input.size() + " texts, at most " + settings.maxEmbeddingInputs()
                    + " are allowed");
        }
        for (int i = 0; i < input.size(); i++) {
            String text = input.get(i);
            if (text == null || text.isEmpty()) {
                throw bad("input[" + i + "] is empty");
            }
            checkLength("input[" + i + "]", text);
        }
        return input;
    }

    /** No model named, or this one: anything else is not served here. */
    private void checkModel(String model) {
        if (model != null && !model.isBlank() && !model.equals(settings.modelId())) {
            throw new ModelException(Reason.MODEL_NOT_FOUND, "model " + model + " is not served by the local"
                    + " provider, which serves " + settings.modelId());
        }
    }

    private void checkLength(String what, CharSequence text) {
        long characters = text.codePoints().count();
        if (characters > settings.maxInputChars()) {
            throw bad(what + " has " + characters + " characters, at most " + settings.maxInputChars()
                    + " are allowed");
        }
    }

    private static ModelException bad(String message) {
        return new ModelException(Reason.BAD_REQUEST, message);
    }
}
