package org.aegis.shell;

import java.util.List;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.router.ModelRouter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "chat", description = "Sends one message to a model and prints the reply as it is"
        + " generated.", detailedDescription = "Example:\n  aegis:chat -m aegis-local-char --max-tokens 200 Tell me"
        + " a story\nWithout -m the node's default model answers. Ctrl-C cancels the reply.")
@Service
public class ChatCommand implements Action {

    @Option(name = "--model", aliases = "-m", description = "the model; 'default' for the node's default model")
    @Completion(ModelCompleter.class)
    String model = "default";

    @Option(name = "--max-tokens", description = "the most tokens the reply may have; 0 for the model's limit")
    int maxTokens;

    @Option(name = "--temperature", aliases = "-t", description = "sampling temperature, 0 to 2")
    double temperature = 1.0;

    @Argument(index = 0, name = "message", description = "the message", required = true, multiValued = true)
    List<String> message;

    @Reference(optional = true)
    ModelRouter router;

    @Override
    public Object execute() {
        ModelRouter router = Services.require(this.router, "model router", "aegis-models");
        if (maxTokens < 0) {
            throw new IllegalArgumentException("--max-tokens must be at least 0, was " + maxTokens);
        }
        ChatRequest request = new ChatRequest(model, List.of(new ChatMessage("user", String.join(" ", message))),
                maxTokens, temperature);
        ConsoleStream stream = new ConsoleStream();
        router.chatStream(request).subscribe(stream);
        stream.print(System.out, System.err);
        return null;
    }
}
