package org.aegis.model.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.store.Store;
import org.aegis.model.local.RequestValidator.ChatPlan;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded model provider: a character-level neural language model ({@link CharMlp}) that a fresh node trains on
 * the bundled corpus in the background at first start and keeps in the store ({@link ModelBootstrap}). Until it is
 * ready, requests fail at once with {@code UNAVAILABLE} and the training percentage, so a router falls back to another
 * provider instead of waiting. A token is one character, in prompts and in replies.
 *
 * <p>Threads, both owned here and stopped in {@link #deactivate}: {@value #TRAINING_THREAD} loads or trains the model;
 * {@code maxConcurrentRequests} threads named {@value #REQUEST_THREAD}-N run requests ({@link RequestExecutor}).
 * A new configuration restarts the component: it loads the stored model again, or trains a new one when a training
 * property changed.
 */
@Component(name = LocalModelConfig.PID, configurationPid = LocalModelConfig.PID, immediate = true,
        service = {ModelProvider.class, HealthIndicator.class},
        property = {LocalModelProvider.PROVIDER_PROPERTY + "=" + LocalModelProvider.PROVIDER_ID,
                // the router's "default" model is the first one served by a provider marked local
                "aegis.model.local=true"})
@Designate(ocd = LocalModelConfig.class)
public final class LocalModelProvider implements ModelProvider, HealthIndicator {
    static final String PROVIDER_ID = "local";
    static final String PROVIDER_PROPERTY = "aegis.model.provider";
    static final String COMPONENT = "model.local";
    static final String TRAINING_THREAD = "aegis-model-local-training";
    static final String REQUEST_THREAD = "aegis-model-local";
    static final Set<String> CAPABILITIES = Set.of("chat", "embeddings");
    static final long SHUTDOWN_WAIT_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(LocalModelProvider.class);

    private final LocalModelSettings settings;
    private final RequestValidator validator;
    private final ModelBootstrap bootstrap;
    private final ExecutorService training;
    private final RequestExecutor requests;
    private final List<Thread> trainingThreads = new CopyOnWriteArrayList<>();

    @Activate
    public LocalModelProvider(LocalModelConfig config, @Reference(name = "store") Store store) {
        this(checked(config), store, Corpus::bundled);
    }

    /** Starts loading or training the model on its own thread; returns at once. */
    LocalModelProvider(LocalModelSettings settings, Store store, Supplier<Corpus> corpus) {
        this.settings = settings;
        this.validator = new RequestValidator(settings);
        this.bootstrap = new ModelBootstrap(store, corpus, settings.training());
        this.requests = new RequestExecutor(REQUEST_THREAD, settings.maxConcurrentRequests(),
                settings.queueCapacity());
        this.training = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, TRAINING_THREAD);
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY); // the node's own work comes first
            trainingThreads.add(thread);
            return thread;
        });
        training.execute(bootstrap);
        training.shutdown(); // the one task is all it will ever run
    }

    private static LocalModelSettings checked(LocalModelConfig config) {
        try {
            return LocalModelSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Local model configuration refused: {}", e.getMessage());
            throw e;
        }
    }

    /** Stops training (at its next step) and the request threads, and waits until every thread is gone. */
    @Deactivate
    void deactivate() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
        training.shutdownNow();
        requests.shutdown(SHUTDOWN_WAIT_MILLIS);
        try {
            if (!training.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("The local model training thread did not stop within {} ms", SHUTDOWN_WAIT_MILLIS);
            }
            for (Thread thread : trainingThreads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ ModelProvider

    @Override
    public String id() {
        return PROVIDER_ID;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(settings.modelId(), PROVIDER_ID, CAPABILITIES));
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        return submit(() -> validator.chat(request), (plan, model) -> {
            Generation generation = generation(model, plan);
            StringBuilder reply = new StringBuilder();
            for (String fragment = generation.next(); fragment != null; fragment = generation.next()) {
                reply.append(fragment);
            }
            return new ChatCompletion(settings.modelId(), new ChatMessage("assistant", reply.toString()),
                    generation.finishReason(), generation.promptTokens(), generation.completionTokens());
        });
    }

    /** A cold publisher: each subscriber is one request, admitted when it subscribes. */
    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        return subscriber -> {
            if (subscriber == null) {
                throw new NullPointerException("subscriber (rule 1.9)");
            }
            Generation generation;
            RequestExecutor.Permit permit;
            try {
                ChatPlan plan = validator.chat(request);
                generation = generation(bootstrap.state().readyModel(), plan);
                permit = requests.admit();
            } catch (ModelException e) {
                GenerationSubscription.reject(subscriber, e);
                return;
            }
            new GenerationSubscription(subscriber, generation, requests, permit).start();
        };
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return submit(() -> validator.embed(request), (texts, model) -> {
            List<List<Double>> vectors = new ArrayList<>(texts.size());
            int tokens = 0;
            for (String text : texts) {
                List<Double> vector = new ArrayList<>(model.shape().hidden());
                for (double x : model.embed(text)) {
                    vector.add(x);
                }
                vectors.add(List.copyOf(vector));
                tokens += (int) text.codePoints().count();
            }
            return new Embeddings(settings.modelId(), List.copyOf(vectors), tokens);
        });
    }

    /**
     * Checks the request, takes the model and a permit, and runs the work on a request thread; any refusal completes
     * the stage exceptionally with its {@link ModelException}.
     */
    private <P, R> CompletionStage<R> submit(Supplier<P> check, BiFunction<P, CharModel, R> work) {
        CompletableFuture<R> result = new CompletableFuture<>();
        try {
            P plan = check.get();
            CharModel model = bootstrap.state().readyModel();
            RequestExecutor.Permit permit = requests.admit();
            try {
                requests.execute(new RequestExecutor.Task() {
                    @Override
                    public void run() {
                        R value;
                        try {
                            value = work.apply(plan, model);
                        } catch (RuntimeException e) {
                            permit.release();
                            result.completeExceptionally(e);
                            return;
                        }
                        // released first, so whoever waits on the result may send the next request at once
                        permit.release();
                        result.complete(value);
                    }

                    @Override
                    public void abort(ModelException reason) {
                        permit.release();
                        result.completeExceptionally(reason);
                    }
                });
            } catch (ModelException e) {
                permit.release();
                throw e;
            }
        } catch (ModelException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private Generation generation(CharModel model, ChatPlan plan) {
        return new Generation(model, plan.prompt(), plan.maxTokens(),
                new Sampler(plan.temperature(), settings.topK(), new SplittableRandom()));
    }

    // ------------------------------------------------------------------------------------------ HealthIndicator

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        return bootstrap.state().health(COMPONENT);
    }

    /** Requests admitted and not yet ended. */
    int outstanding() {
        return requests.outstanding();
    }

    ModelState state() {
        return bootstrap.state();
    }
}
