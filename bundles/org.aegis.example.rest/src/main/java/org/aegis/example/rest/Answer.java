package org.aegis.example.rest;

import org.aegis.api.model.ChatCompletion;

/**
 * A model's answer to a question.
 *
 * @param model            the model that answered (the default model's real name when {@code default} was asked)
 * @param answer           the reply's text
 * @param finishReason     why the reply stopped, e.g. {@code stop} or {@code length}
 * @param promptTokens     tokens the question cost
 * @param completionTokens tokens the answer cost
 */
public record Answer(String model, String answer, String finishReason, int promptTokens, int completionTokens) {

    static Answer of(ChatCompletion completion) {
        return new Answer(completion.model(), completion.message().content(), completion.finishReason(),
                completion.promptTokens(), completion.completionTokens());
    }
}
