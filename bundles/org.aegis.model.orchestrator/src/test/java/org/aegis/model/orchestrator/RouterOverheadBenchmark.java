package org.aegis.model.orchestrator;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.aegis.testing.Configs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Constants;

/**
 * What the router adds to a request: the same request to a provider that answers at once, called directly and
 * through a {@link ModelRouterComponent} with the distribution's default configuration (checks, model resolution,
 * bulkhead, circuit breaker, attempt timer and deadline, the hop to a caller thread, the answer's checks and the
 * provider's counters). Each benchmark waits for its answer on the calling thread, as a REST thread would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouterOverheadBenchmark {
    private static final String MODEL = "instant";
    private static final List<String> FRAGMENTS = List.of("one ", "two ", "three ", "four ", "five ", "six ",
            "seven ", "eight");

    private final InstantProvider provider = new InstantProvider();
    private final ChatRequest chat = new ChatRequest(MODEL, List.of(new ChatMessage("user", "hello")), 64, 0.8);
    private final EmbeddingRequest embedding = new EmbeddingRequest(MODEL, List.of("hello"));
    private ModelRouterComponent router;

    @Setup
    public void start() {
        router = new ModelRouterComponent(RouterSettings.from(Configs.of(OrchestratorConfig.class, Map.of())),
                Clock.systemUTC(), System::nanoTime, indicator -> () -> { });
        router.addProvider(provider, Map.of(Constants.SERVICE_ID, 1L, Constants.SERVICE_RANKING, 0,
                ModelRouterComponent.LOCAL_PROPERTY, true));
    }

    @TearDown
    public void stop() {
        router.deactivate();
    }

    @Benchmark
    public ChatCompletion chatDirect() {
        return provider.chat(chat).toCompletableFuture().join();
    }

    @Benchmark
    public ChatCompletion chatRouted() {
        return router.chat(chat).toCompletableFuture().join();
    }

    @Benchmark
    public Embeddings embedDirect() {
        return provider.embed(embedding).toCompletableFuture().join();
    }

    @Benchmark
    public Embeddings embedRouted() {
        return router.embed(embedding).toCompletableFuture().join();
    }

    /** A stream of eight fragments, requested one at a time as the REST layer does. */
    @Benchmark
    public Integer streamDirect() {
        return drain(provider.chatStream(chat));
    }

    @Benchmark
    public Integer streamRouted() {
        return drain(router.chatStream(chat));
    }

    private static Integer drain(Flow.Publisher<String> publisher) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;
            private int fragments;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(String item) {
                fragments++;
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(fragments);
            }
        });
        return done.join();
    }

    /** Answers every request at once with the same prepared objects, on the calling thread. */
    static final class InstantProvider implements ModelProvider {
        private final List<ModelInfo> models = List.of(new ModelInfo(MODEL, "instant",
                Set.of(Capability.CHAT, Capability.EMBEDDINGS)));
        private final CompletableFuture<ChatCompletion> completion = CompletableFuture.completedFuture(
                new ChatCompletion(MODEL, new ChatMessage("assistant", "one two three"), "stop", 5, 13));
        private final CompletableFuture<Embeddings> vectors = CompletableFuture.completedFuture(
                new Embeddings(MODEL, List.of(List.of(0.25, -0.5, 0.75, 1.0)), 5));

        @Override
        public String id() {
            return "instant";
        }

        @Override
        public List<ModelInfo> models() {
            return models;
        }

        @Override
        public CompletionStage<ChatCompletion> chat(ChatRequest request) {
            return completion;
        }

        @Override
        public Flow.Publisher<String> chatStream(ChatRequest request) {
            return new ScriptedPublisher(FRAGMENTS, null);
        }

        @Override
        public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
            return vectors;
        }
    }
}
