package org.aegis.example.echo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A model provider that answers with the last user message: everything a provider plugin needs (its models, a
 * reply, a streamed reply that honours demand, embeddings, errors the router understands), and nothing else. The
 * node's router finds it as a {@link ModelProvider} service; configuration {@code org.aegis.example.echo} renames
 * the model.
 */
@Component(service = ModelProvider.class, configurationPid = EchoModelProvider.PID)
@Designate(ocd = EchoModelProvider.Config.class)
public final class EchoModelProvider implements ModelProvider {
    static final String PID = "org.aegis.example.echo";
    static final int DIMENSIONS = 16;

    @ObjectClassDefinition(name = "AEGIS example: echo model", description = "A model that repeats the last user message.")
    public @interface Config {
        @AttributeDefinition(description = "Model id clients ask for.")
        String model() default "example-echo";
    }

    private final String model;

    @Activate
    public EchoModelProvider(Config config) {
        if (config.model() == null || config.model().isBlank()) {
            throw new IllegalArgumentException(PID + ": model must not be blank");
        }
        this.model = config.model();
    }

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(model, id(), Set.of("chat", "embeddings")));
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        try {
            String reply = reply(request);
            return CompletableFuture.completedFuture(new ChatCompletion(model, new ChatMessage("assistant", reply),
                    "stop", words(request.messages().stream().map(ChatMessage::content).toList()), words(List.of(reply))));
        } catch (ModelException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        try {
            String reply = reply(request);
            List<String> fragments = new ArrayList<>();
            for (String word : reply.split(" ")) {
                fragments.add(fragments.isEmpty() ? word : " " + word);
            }
            return new FragmentPublisher(fragments);
        } catch (ModelException e) {
            return FragmentPublisher.failed(e);
        }
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        if (!model.equals(request.model())) {
            return CompletableFuture.failedFuture(notServed(request.model()));
        }
        List<List<Double>> vectors = request.input().stream().map(EchoModelProvider::embedding).toList();
        return CompletableFuture.completedFuture(new Embeddings(model, vectors, words(request.input())));
    }

    private String reply(ChatRequest request) {
        if (!model.equals(request.model())) {
            throw notServed(request.model());
        }
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            ChatMessage message = request.messages().get(i);
            if ("user".equals(message.role())) {
                return message.content();
            }
        }
        throw new ModelException(Reason.BAD_REQUEST, "the echo model needs a user message to repeat");
    }

    private ModelException notServed(String requested) {
        return new ModelException(Reason.MODEL_NOT_FOUND, "model " + requested + " is not served by " + id());
    }

    /** A byte histogram, L2-normalised: texts with the same letters lie close together. */
    static List<Double> embedding(String text) {
        double[] counts = new double[DIMENSIONS];
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            counts[(b & 0xff) % DIMENSIONS]++;
        }
        double norm = Math.sqrt(Arrays.stream(counts).map(c -> c * c).sum());
        return Arrays.stream(counts).map(c -> norm == 0 ? 0 : c / norm).boxed().toList();
    }

    private static int words(List<String> texts) {
        return texts.stream().mapToInt(t -> t.isBlank() ? 0 : t.trim().split("\\s+").length).sum();
    }
}
