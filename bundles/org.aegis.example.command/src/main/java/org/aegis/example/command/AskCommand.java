package org.aegis.example.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.ModelException;
import org.aegis.api.router.ModelRouter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code example:ask [--model M] [--max-tokens N] [--timeout S] PROMPT…}: one question to a model through the node's
 * {@link ModelRouter}. The answer is the command's result, so the console prints it and a script can use it. Every
 * failure is thrown: the console shows its message and {@code bin/client} exits with a non-zero status.
 */
@Command(scope = "example", name = "ask", description = "Asks a model one question through the node's model router"
        + " and prints the answer.", detailedDescription = "Example:\n  example:ask --model aegis-local-char What is"
        + " a cynic?\nWithout --model the node's default model answers. Options come before the prompt.")
@Service
public class AskCommand implements Action {
    /** The router's name for the node's default model. */
    static final String DEFAULT_MODEL = "default";

    @Option(name = "--model", aliases = "-m", description = "the model; 'default' for the node's default model")
    String model = DEFAULT_MODEL;

    @Option(name = "--max-tokens", description = "the most tokens the answer may have, at least 1")
    int maxTokens = 256;

    @Option(name = "--timeout", description = "seconds to wait for the answer, at least 1")
    int timeoutSeconds = 120;

    @Argument(index = 0, name = "prompt", description = "the question", required = true, multiValued = true)
    List<String> prompt;

    // Optional: Karaf registers a bundle's commands only once every mandatory reference is there, and a missing
    // router is better said by the command than by "command not found".
    @Reference(optional = true)
    ModelRouter router;

    @Override
    public Object execute() throws Exception {
        ChatRequest request = request();
        if (router == null) {
            throw new IllegalStateException("no model router is installed here: feature:install aegis-models");
        }
        CompletableFuture<ChatCompletion> answer = router.chat(request).toCompletableFuture();
        try {
            return answer.get(timeoutSeconds, TimeUnit.SECONDS).message().content();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IllegalStateException("no answer from " + request.model() + " within " + timeoutSeconds + " s");
        } catch (InterruptedException e) {
            // Ctrl-C: stop waiting, and tell the router the answer is no longer wanted
            answer.cancel(true);
            throw e;
        }
    }

    /** The router's request, or a clear error for input it should never see. */
    ChatRequest request() {
        String text = prompt == null ? "" : String.join(" ", prompt).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a prompt is required, e.g. example:ask What is a cynic?");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("--model must name a model, or '" + DEFAULT_MODEL + "'");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be at least 1, was " + maxTokens);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        return new ChatRequest(model, List.of(new ChatMessage("user", text)), maxTokens, 0);
    }

    /** A model failure names its reason (e.g. MODEL_NOT_FOUND), which says what to do; anything else as it is. */
    private Exception failure(Throwable cause) {
        if (cause instanceof ModelException e) {
            return new IllegalStateException(model + ": " + e.reason() + ": " + e.getMessage(), e);
        }
        return cause instanceof Exception e ? e : new IllegalStateException(cause);
    }
}
