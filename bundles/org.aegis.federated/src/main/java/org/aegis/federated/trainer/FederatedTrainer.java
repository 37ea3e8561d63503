package org.aegis.federated.trainer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.aegis.api.Registration;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.DataReader;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingTask;
import org.aegis.api.federated.UpdateBody;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.learning.FederatedLearning;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.Prediction;
import org.aegis.api.learning.RunDecided;
import org.aegis.api.learning.RunRequest;
import org.aegis.api.learning.TaskState;
import org.aegis.api.learning.TaskStatus;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeService;
import org.aegis.api.store.Store;
import org.aegis.api.transport.Transport;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.data.FeatureStatistics;
import org.aegis.federated.protocol.FederatedPayload;
import org.aegis.federated.protocol.PayloadCodec;
import org.aegis.federated.task.ConfiguredTask;
import org.aegis.federated.task.LocalTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of federated training: proposes runs and rollbacks, applies the federated decisions through
 * {@link RunProtocol}, trains its own share of each round on a worker thread, and serves its update bytes to peers.
 * Owns three threads (apply, train, deadlines), started at activation and stopped at deactivation.
 */
@Component(service = {FederatedLearning.class, DecisionListener.class})
public class FederatedTrainer implements FederatedLearning, DecisionListener, RunProtocol.Host {
    private static final Logger LOG = LoggerFactory.getLogger(FederatedTrainer.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final int CATCH_UP_PAGE = 256;

    private final Store store;
    private final NodeIdentity identity;
    private final NodeService node;
    private final Clock clock;
    private final LongSupplier seeds;
    private final Ledger ledger;
    private final RunProtocol protocol;
    private final PayloadCodec codec = new PayloadCodec();
    /** Differential privacy's noise: unpredictable, or the noise could be subtracted again. */
    private final RandomGenerator privacyNoise = new SecureRandom();
    /** How long a decision whose updates cannot be fetched waits before it is tried again. */
    static final long RETRY_SECONDS = 2;
    private final ExecutorService applyThread;
    private final ExecutorService trainThread;
    private final ScheduledExecutorService deadlines;
    private final AtomicReference<ConsensusEngine> engine = new AtomicReference<>();
    private final AtomicReference<Transport> transport = new AtomicReference<>();
    private final AtomicReference<Registration> serving = new AtomicReference<>();
    private final Map<String, AggregationStrategy> strategies = new ConcurrentHashMap<>();
    /** Sorted by name, so that every node picks the same training task for a spec. */
    private final Map<String, TrainingTask> trainingTasks = new ConcurrentSkipListMap<>();
    private final Map<String, LocalTask> localTasks = new ConcurrentHashMap<>();

    @Activate
    public FederatedTrainer(@Reference Store store, @Reference NodeIdentity identity, @Reference NodeService node) {
        this(store, identity, node, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextLong());
    }

    /** @param seeds where each run's seed comes from (it travels in the run's decision, so any source is sound) */
    FederatedTrainer(Store store, NodeIdentity identity, NodeService node, Clock clock, LongSupplier seeds) {
        this.store = store;
        this.identity = identity;
        this.node = node;
        this.clock = clock;
        this.seeds = seeds;
        this.ledger = new Ledger(store);
        this.protocol = new RunProtocol(store, ledger, this);
        this.applyThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "aegis-federated-apply"));
        this.trainThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "aegis-federated-train"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aegis-federated-deadline"));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Optional.ofNullable(serving.getAndSet(null)).ifPresent(Registration::close);
        for (ExecutorService pool : List.of(deadlines, trainThread, applyThread)) {
            pool.shutdownNow();
        }
        for (ExecutorService pool : List.of(deadlines, trainThread, applyThread)) {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.error("A federated trainer thread did not stop within 5 s");
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEngine(ConsensusEngine bound) {
        engine.set(bound);
        applyThread.execute(this::catchUp);
    }

    void unbindEngine(ConsensusEngine unbound) {
        engine.compareAndSet(unbound, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(Transport bound) {
        transport.set(bound);
        Registration registration = bound.handle(UpdateExchange.PROTOCOL, UpdateExchange.server(ledger::update));
        Optional.ofNullable(serving.getAndSet(registration)).ifPresent(Registration::close);
    }

    void unbindTransport(Transport unbound) {
        if (transport.compareAndSet(unbound, null)) {
            Optional.ofNullable(serving.getAndSet(null)).ifPresent(Registration::close);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindStrategy(AggregationStrategy strategy, Map<String, Object> properties) {
        Object name = properties.get(AggregationStrategy.SERVICE_PROPERTY);
        strategies.put(name == null ? strategy.name() : name.toString(), strategy);
    }

    void unbindStrategy(AggregationStrategy strategy, Map<String, Object> properties) {
        strategies.values().remove(strategy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTrainingTask(TrainingTask task) {
        trainingTasks.put(task.name(), task);
    }

    void unbindTrainingTask(TrainingTask task) {
        trainingTasks.remove(task.name(), task);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTask(ConfiguredTask task) {
        addLocalTask(task.task());
    }

    void unbindTask(ConfiguredTask task) {
        localTasks.remove(task.task().name(), task.task());
    }

    void addLocalTask(LocalTask task) {
        localTasks.put(task.name(), task);
    }

    @Override
    public void onDecision(Decision decision) {
        applyThread.execute(() -> {
            long applied = ledger.applied();
            if (decision.sequence() > applied + 1) {
                catchUp();
            }
            if (decision.sequence() == ledger.applied() + 1) {
                applySafely(decision);
            }
        });
    }

    private void catchUp() {
        ConsensusEngine source = engine.get();
        while (source != null && !Thread.currentThread().isInterrupted()) {
            List<Decision> missed = source.decisions(ledger.applied() + 1, CATCH_UP_PAGE);
            if (missed.isEmpty() || missed.get(0).sequence() != ledger.applied() + 1) {
                return;
            }
            for (Decision decision : missed) {
                if (!applySafely(decision)) {
                    return;
                }
            }
        }
    }

    /**
     * Applies one decision; false when it has to wait (its updates cannot be fetched yet): it is tried again, with
     * the decisions after it, in {@value #RETRY_SECONDS} s, so that decisions are applied in order or not at all.
     */
    private boolean applySafely(Decision decision) {
        try {
            protocol.apply(decision);
            return true;
        } catch (UpdatesUnavailable e) {
            LOG.warn("Federated decision {} waits: {}; trying again in {} s", decision.sequence(), e.getMessage(),
                    RETRY_SECONDS);
            retry();
            return false;
        } catch (RuntimeException e) {
            LOG.error("Federated decision {} ({}) could not be applied: {}", decision.sequence(),
                    decision.proposal().kind(), e.toString(), e);
            return false;
        }
    }

    private void retry() {
        try {
            deadlines.schedule(() -> applyThread.execute(this::catchUp), RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopping) {
            // the trainer is being deactivated: the next activation catches up
        }
    }

    // ---- FederatedLearning

    @Override
    public CompletionStage<RunDecided> startRun(RunRequest request) {
        LocalTask local = localTasks.get(request.task());
        if (local == null) {
            throw new IllegalArgumentException("this node has no data for the task " + request.task()
                    + ": configure etc/org.aegis.federated.task-" + request.task() + ".cfg");
        }
        Optional<String> trainer = trainerFor(local.model());
        if (trainer.isEmpty()) {
            throw new IllegalArgumentException("no training task supports the model " + local.model());
        }
        if (request.hyperparameters().loraEnabled()) {
            model(trainer.get(), new ModelShape(local.model(), local.training().featureNames().size(),
                    local.labels().size()), 0).ifPresent(RunAdapters::differentiable);
        }
        ConsensusEngine current = requireEngine();
        long served = ledger.served(request.task());
        String base = served == 0 ? null : ledger.version(request.task(), served).map(ModelVersion::digest)
                .orElse(null);
        List<String> participants = current.validators().validators().stream().map(Validator::peerId).toList();
        FederatedPayload.Run run = new FederatedPayload.Run(request.task(), UUID.randomUUID().toString(),
                request.rounds(), request.strategy(), request.hyperparameters(),
                participants.isEmpty() ? List.of(self()) : participants, base, local.labels(), local.model(),
                local.training().featureNames().size(), seeds.getAsLong());
        return propose(current, "fed-run-" + run.run(), run)
                .thenApply(decision -> new RunDecided(run.task(), run.run(), decision.sequence()));
    }

    @Override
    public List<String> tasks() {
        SortedSet<String> tasks = ledger.tasks();
        tasks.addAll(localTasks.keySet());
        return List.copyOf(tasks);
    }

    @Override
    public Optional<TaskStatus> status(String task) {
        List<FederatedRun> runs = ledger.runs(task);
        if (runs.isEmpty() && !localTasks.containsKey(task)) {
            return Optional.empty();
        }
        TaskState state = runs.isEmpty() ? TaskState.IDLE : runs.get(runs.size() - 1).state();
        return Optional.of(new TaskStatus(task, state, ledger.served(task),
                runs.stream().map(FederatedRun::status).toList()));
    }

    @Override
    public List<ModelVersion> versions(String task) {
        return ledger.versions(task);
    }

    @Override
    public Prediction predict(String task, List<float[]> rows, OptionalLong version) {
        long number = version.orElse(ledger.served(task));
        ModelVersion committed = ledger.version(task, number).orElseThrow(() -> new IllegalArgumentException(
                number == 0 ? "task " + task + " has no committed version yet"
                        : "version " + number + " of task " + task + " is not a committed version"));
        VersionBody body = ledger.body(committed.digest()).orElseThrow(() -> new IllegalStateException(
                "the parameters of version " + number + " of " + task + " are missing from the store"));
        FederatedModel model = model(body.trainer(), body.shape(), 0).orElseThrow(() -> new IllegalStateException(
                "the training task " + body.trainer() + " is not installed"));
        return Predictor.predict(task, number, body, model, rows);
    }

    @Override
    public CompletionStage<Long> rollback(String task, long version) {
        if (ledger.version(task, version).isEmpty()) {
            throw new IllegalArgumentException("version " + version + " of task " + task
                    + " is not a committed version");
        }
        return propose(requireEngine(), "fed-rollback-" + UUID.randomUUID(),
                new FederatedPayload.Rollback(task, version)).thenApply(Decision::sequence);
    }

    // ---- RunProtocol.Host

    @Override
    public String self() {
        return identity.peerId();
    }

    @Override
    public Optional<LocalTask> localTask(String task) {
        return Optional.ofNullable(localTasks.get(task));
    }

    @Override
    public Optional<AggregationStrategy> strategy(String name) {
        return Optional.ofNullable(strategies.get(name));
    }

    @Override
    public Optional<String> trainerFor(String spec) {
        return trainingTasks.values().stream().filter(t -> t.supports(spec)).map(TrainingTask::name).findFirst();
    }

    @Override
    public boolean readsOwnData(String trainer) {
        return trainingTasks.get(trainer) instanceof DataReader;
    }

    @Override
    public Optional<FederatedModel> model(String trainer, ModelShape shape, long seed) {
        return Optional.ofNullable(trainingTasks.get(trainer)).map(t -> t.createModel(shape, seed));
    }

    @Override
    public byte[] fetch(Announced update, List<String> peers) throws Exception {
        Transport current = transport.get();
        if (current == null) {
            throw new IllegalStateException("no transport is installed");
        }
        Exception last = new IllegalStateException("no peer to fetch from");
        for (String peer : peers) {
            try {
                return UpdateExchange.fetch(current, peer, update.digest(), update.bytes(), FETCH_TIMEOUT);
            } catch (Exception e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void participate(FederatedRun run) {
        Optional<LocalTask> local = localTask(run.spec().task());
        if (!run.spec().participants().contains(self()) || local.isEmpty()) {
            return;
        }
        if (!local.get().labels().equals(run.spec().labels())
                || local.get().training().featureNames().size() != run.spec().features()) {
            LOG.warn("Not training run {} of {}: its labels {} and {} features differ from this node's data",
                    run.spec().run(), run.spec().task(), run.spec().labels(), run.spec().features());
            return;
        }
        trainThread.execute(() -> {
            try {
                contribute(run, local.get());
            } catch (RuntimeException e) {
                LOG.error("Round {} of run {} not trained here: {}", run.openRound(), run.spec().run(), e.toString(),
                        e);
            }
        });
    }

    private void contribute(FederatedRun run, LocalTask local) {
        ConsensusEngine current = requireEngine();
        String id = "fed-" + run.spec().run() + "-" + run.openRound() + "-" + suffix(self());
        if (run.openRound() == 0) {
            FeatureStatistics stats = FeatureStatistics.of(local.training().dataset());
            propose(current, id + "-stats", new FederatedPayload.Stats(run.spec().task(), run.spec().run(), self(),
                    stats.count(), stats.sum(), stats.sumOfSquares()));
            return;
        }
        FederatedModel model = model(run.trainer(), RunProtocol.shape(run), run.spec().seed()).orElseThrow();
        UpdateBody body = LocalTraining.update(run.spec().task(), run.openRound(), self(), model,
                RunProtocol.baseParameters(ledger, this, run), local.training().dataset(),
                new FeatureNormalizer(run.mean(), run.scale()), run.spec().hyperparameters(), run.spec().seed(),
                privacyNoise);
        byte[] bytes = UpdateCodec.encode(body);
        String digest = HexFormat.of().formatHex(UpdateCodec.sha256(bytes));
        ledger.putUpdate(digest, bytes);
        propose(current, id + "-update", new FederatedPayload.Update(run.spec().task(), run.spec().run(),
                run.openRound(), self(), digest, body.sampleCount(), bytes.length, run.baseDigest()));
    }

    /**
     * The announced updates whose bytes this node holds, fetching from their senders those it lacks. A close lists
     * only these: once it is committed every node must get the bytes, and this node can serve them, whereas an
     * update held by its sender alone would be lost with the sender and stall the round for everyone.
     */
    private List<String> held(List<Announced> announced) {
        List<String> held = new ArrayList<>();
        for (Announced update : announced) {
            if (ledger.update(update.digest()).isEmpty()) {
                try {
                    ledger.putUpdate(update.digest(), fetch(update, List.of(update.sender())));
                } catch (Exception e) {
                    LOG.warn("The update {} of {} cannot be fetched from its sender ({}): this node's close of the"
                            + " round leaves it out", update.digest(), update.sender(), e.toString());
                    continue;
                }
            }
            held.add(update.digest());
        }
        return held;
    }

    @Override
    public void closeRound(FederatedRun run, boolean now) {
        String runId = run.spec().run();
        int round = run.openRound();
        Runnable close = () -> ledger.run(runId).filter(r -> r.running() && r.openRound() == round)
                .ifPresent(open -> {
                    // round 0's announcements are statistics, carried whole in their decisions
                    List<String> held = round == 0 ? open.pending().stream().map(Announced::digest).toList()
                            : held(open.pending());
                    if (held.isEmpty() && !open.pending().isEmpty()) {
                        return; // it can get none of the announced updates: a node that holds them closes the round
                    }
                    propose(requireEngine(), "fed-" + runId + "-" + round + "-close-" + held.size() + "-"
                            + suffix(self()), new FederatedPayload.Round(open.spec().task(), runId, round, held));
                });
        if (now) {
            applyThread.execute(close);
        } else {
            deadlines.schedule(() -> applyThread.execute(close),
                    run.spec().hyperparameters().roundTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void attest(FederatedRun run, ModelVersion last) {
        if (!run.spec().participants().contains(self())) {
            return;
        }
        try {
            propose(requireEngine(), "fed-" + run.spec().run() + "-version-" + suffix(self()),
                    new FederatedPayload.Version(last.task(), run.spec().run(), last.number(), last.digest(), self()));
        } catch (IllegalStateException e) {
            LOG.warn("Version {} of {} not attested: {}", last.number(), last.task(), e.getMessage());
        }
    }

    @Override
    public void publish(String event, Map<String, Object> data) {
        node.publish(new NodeEvent(TOPIC_PREFIX + event, "federated", clock.instant(), data));
    }

    private CompletionStage<Decision> propose(ConsensusEngine current, String id, FederatedPayload payload) {
        Proposal proposal = new Proposal(id, PayloadCodec.kind(payload), codec.encode(payload), self());
        CompletionStage<Decision> decided = current.propose(proposal);
        decided.whenComplete((decision, failure) -> {
            if (failure != null) {
                LOG.debug("Proposal {} not decided: {}", id, failure.toString());
            }
        });
        return decided;
    }

    private ConsensusEngine requireEngine() {
        ConsensusEngine current = engine.get();
        if (current == null) {
            throw new IllegalStateException("no consensus engine is installed: federated runs are decisions of the"
                    + " network");
        }
        return current;
    }

    private static String suffix(String peerId) {
        return peerId.length() <= 12 ? peerId : peerId.substring(peerId.length() - 12);
    }
}
