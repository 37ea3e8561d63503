package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.RoundRecord;
import org.aegis.api.learning.TaskState;
import org.aegis.api.store.Store;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.data.FeatureStatistics;
import org.aegis.federated.protocol.FederatedPayload;
import org.aegis.federated.protocol.PayloadCodec;
import org.aegis.federated.task.LocalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federated state machine: applies each committed federated decision once, in sequence order, to the
 * {@link Ledger}. Everything that decides a version depends only on the decisions (and update bytes whose digests
 * they name), so every node commits the same versions. Called from one thread only.
 */
final class RunProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(RunProtocol.class);

    /** What the protocol needs from the node around it. */
    interface Host {
        String self();

        /** The node's data for a task, if it holds any. */
        Optional<LocalTask> localTask(String task);

        Optional<AggregationStrategy> strategy(String name);

        /** The name of the training task service that supports a model spec here. */
        Optional<String> trainerFor(String spec);

        /** Whether that training task reads its own data, whose features are not normalised. */
        boolean readsOwnData(String trainer);

        /** A new model of a training task service; empty if that service is not installed here. */
        Optional<FederatedModel> model(String trainer, ModelShape shape, long seed);

        /**
         * The bytes of an announced update, fetched from {@code peers} in order and verified against its digest.
         *
         * @throws Exception if no peer delivered them
         */
        byte[] fetch(Announced update, List<String> peers) throws Exception;

        /** Called after the run's state is stored: train or announce statistics for its open round. */
        void participate(FederatedRun run);

        /** Called after the run's state is stored: proposes the close, now or at the round's deadline. */
        void closeRound(FederatedRun run, boolean now);

        /** Called after a completed run's state is stored: attests the digest of the version it ended with. */
        void attest(FederatedRun run, ModelVersion last);

        void publish(String event, Map<String, Object> data);
    }

    private final Store store;
    private final Ledger ledger;
    private final Host host;
    private final PayloadCodec codec = new PayloadCodec();

    RunProtocol(Store store, Ledger ledger, Host host) {
        this.store = store;
        this.ledger = ledger;
        this.host = host;
    }

    /** Applies one decision, unless it was applied before. */
    void apply(Decision decision) {
        if (decision.sequence() <= ledger.applied()) {
            return;
        }
        Changes changes = new Changes();
        List<Runnable> afterwards = new ArrayList<>();
        Proposal proposal = decision.proposal();
        try {
            codec.parse(proposal).ifPresent(payload -> {
                if (payload instanceof FederatedPayload.Run run) {
                    startRun(decision.sequence(), run, changes, afterwards);
                } else if (payload instanceof FederatedPayload.Stats stats) {
                    collectStats(proposal, stats, changes, afterwards);
                } else if (payload instanceof FederatedPayload.Update update) {
                    collectUpdate(proposal, update, changes, afterwards);
                } else if (payload instanceof FederatedPayload.Round round) {
                    closeRound(decision.sequence(), round, changes, afterwards);
                } else if (payload instanceof FederatedPayload.Rollback rollback) {
                    rollback(rollback, changes, afterwards);
                } else if (payload instanceof FederatedPayload.Version version) {
                    compare(proposal, version, afterwards);
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("Decision {} ({} {} by {}) ignored: {}", decision.sequence(), proposal.kind(), proposal.id(),
                    proposal.proposer(), e.getMessage());
        }
        ledger.applied(changes, decision.sequence());
        store.write(changes::replayInto);
        afterwards.forEach(Runnable::run);
    }

    private void startRun(long sequence, FederatedPayload.Run spec, Changes changes, List<Runnable> afterwards) {
        if (ledger.run(spec.run()).isPresent()) {
            return; // a run id counts once
        }
        String trainer = host.trainerFor(spec.model()).orElse("");
        FederatedRun run = new FederatedRun(spec, sequence, trainer, TaskState.RUNNING, 0, List.of(), List.of(), 0,
                FederatedRun.INITIAL, new double[0], new double[0], "", null);
        if (spec.base() != null) {
            Optional<ModelVersion> base = ledger.versions(spec.task()).stream()
                    .filter(v -> v.digest().equals(spec.base())).findFirst();
            Optional<VersionBody> body = base.flatMap(v -> ledger.body(v.digest()));
            if (body.isEmpty()) {
                run = run.failed("base version " + spec.base() + " is not a version of " + spec.task() + " here");
            } else {
                run = new FederatedRun(spec, sequence, trainer, TaskState.RUNNING, 1, List.of(), List.of(),
                        base.get().number(), spec.base(), body.get().mean(), body.get().scale(), "", null);
            }
        } else if (host.readsOwnData(trainer)) {
            // its features are used as they are: no statistics round
            FeatureNormalizer identity = FeatureNormalizer.identity(spec.features());
            run = run.normalisedWith(identity.mean(), identity.scale());
        }
        if (trainer.isEmpty()) {
            run = run.failed("no training task supports the model " + spec.model() + " on this node");
        } else if (spec.hyperparameters().loraEnabled()
                && !(host.model(trainer, shape(run), spec.seed()).orElse(null) instanceof DifferentiableModel)) {
            run = run.failed("the model " + spec.model() + " cannot train low-rank adapters on this node");
        }
        if (run.running() && run.openRound() == 1) {
            run = measuredBaseline(run);
        }
        ledger.put(changes, run);
        ledger.indexRun(changes, run);
        FederatedRun started = run;
        afterwards.add(() -> {
            host.publish("run", Map.of("task", spec.task(), "run", spec.run(), "state", started.state().name(),
                    "rounds", spec.rounds(), "strategy", spec.strategy(), "reason", started.reason()));
            if (started.running()) {
                host.participate(started);
                host.closeRound(started, false);
            }
        });
    }

    private void collectStats(Proposal proposal, FederatedPayload.Stats stats, Changes changes,
            List<Runnable> afterwards) {
        Optional<FederatedRun> found = openRun(stats.run(), stats.task(), 0, stats.sender(), proposal);
        if (found.isEmpty() || stats.sum().length != found.get().spec().features()) {
            return;
        }
        String digest = HexFormat.of().formatHex(UpdateCodec.sha256(proposal.payload()));
        collected(found.get().with(new Announced(digest, stats.sender(), stats.count(), "", 0, stats)), changes,
                afterwards);
    }

    private void collectUpdate(Proposal proposal, FederatedPayload.Update update, Changes changes,
            List<Runnable> afterwards) {
        Optional<FederatedRun> found = openRun(update.run(), update.task(), update.round(), update.sender(),
                proposal);
        if (found.isEmpty()) {
            return;
        }
        if (!update.base().equals(found.get().baseDigest())) {
            LOG.error("DIVERGED: {} trained round {} of run {} from version {}, this node's base is {}",
                    update.sender(), update.round(), update.run(), update.base(), found.get().baseDigest());
        }
        collected(found.get().with(new Announced(update.digest(), update.sender(), update.sampleCount(),
                update.base(), update.bytes(), null)), changes, afterwards);
    }

    private void collected(FederatedRun run, Changes changes, List<Runnable> afterwards) {
        ledger.put(changes, run);
        if (run.everyoneAnnounced()) {
            afterwards.add(() -> host.closeRound(run, true));
        }
    }

    /** The run if this announcement belongs to its open round and is the sender's first; else empty. */
    private Optional<FederatedRun> openRun(String runId, String task, int round, String sender, Proposal proposal) {
        Optional<FederatedRun> run = ledger.run(runId).filter(FederatedRun::running)
                .filter(r -> r.spec().task().equals(task) && r.openRound() == round);
        if (run.isEmpty() || !sender.equals(proposal.proposer()) || !run.get().spec().participants().contains(sender)
                || run.get().collected(sender)) {
            LOG.debug("{} {} by {} for run {} round {} does not count", proposal.kind(), proposal.id(),
                    proposal.proposer(), runId, round);
            return Optional.empty();
        }
        return run;
    }

    private void closeRound(long sequence, FederatedPayload.Round close, Changes changes, List<Runnable> afterwards) {
        Optional<FederatedRun> found = ledger.run(close.run()).filter(FederatedRun::running)
                .filter(r -> r.spec().task().equals(close.task()) && r.openRound() == close.round());
        if (found.isEmpty()) {
            return; // a later duplicate close, or a close of no open round
        }
        FederatedRun run = found.get();
        List<Announced> listed = new ArrayList<>();
        for (String digest : new LinkedHashSet<>(close.digests())) {
            run.pending().stream().filter(a -> a.digest().equals(digest)).findFirst().ifPresent(listed::add);
        }
        FederatedRun next = close.round() == 0 ? normalise(run, listed)
                : new RoundCloser(ledger, host).close(sequence, run, listed, changes);
        ledger.put(changes, next);
        afterwards.add(() -> {
            RoundRecord last = next.history().isEmpty() ? null : next.history().get(next.history().size() - 1);
            host.publish("round", Map.of("task", next.spec().task(), "run", next.spec().run(),
                    "round", close.round(), "state", next.state().name(),
                    "version", last == null || close.round() == 0 ? 0L : last.version(), "reason", next.reason()));
            if (next.running()) {
                host.participate(next);
                host.closeRound(next, false);
            } else if (next.state() == TaskState.COMPLETED && last != null && last.version() > 0) {
                ledger.version(next.spec().task(), last.version()).ifPresent(version -> host.attest(next, version));
            }
        });
    }

    /** Another node's digest of a version against this node's own: a difference is a divergence, said loudly. */
    private void compare(Proposal proposal, FederatedPayload.Version attested, List<Runnable> afterwards) {
        if (!attested.sender().equals(proposal.proposer())) {
            return;
        }
        Optional<ModelVersion> own = ledger.version(attested.task(), attested.version())
                .filter(v -> v.runId().equals(attested.run()));
        if (own.isEmpty() || own.get().digest().equals(attested.digest())) {
            return;
        }
        LOG.error("DIVERGED: {} made version {} of {} (run {}) with digest {}, this node made {}: one of the two"
                + " aggregated other bytes or a different model", attested.sender(), attested.version(),
                attested.task(), attested.run(), attested.digest(), own.get().digest());
        afterwards.add(() -> host.publish("diverged", Map.of("task", attested.task(), "run", attested.run(),
                "version", attested.version(), "peer", attested.sender(), "peer_digest", attested.digest(),
                "digest", own.get().digest())));
    }

    /** Round 0 of a fresh run: the normalisation the listed participants' statistics agree on. */
    private FederatedRun normalise(FederatedRun run, List<Announced> listed) {
        if (listed.isEmpty()) {
            return run.failed("no participant announced its feature statistics");
        }
        List<FeatureStatistics> participants = listed.stream().map(a -> new FeatureStatistics(a.stats().count(),
                a.stats().sum(), a.stats().sumOfSquares())).toList();
        FeatureNormalizer normalizer;
        try {
            normalizer = FeatureNormalizer.fromParticipants(participants);
        } catch (IllegalArgumentException e) {
            return run.failed("the participants' feature statistics cannot be used: " + e.getMessage());
        }
        return measuredBaseline(run.normalisedWith(normalizer.mean(), normalizer.scale()));
    }

    /** The run with this node's measure of the model it starts training from, when it holds data for the task. */
    private FederatedRun measuredBaseline(FederatedRun run) {
        try {
            VersionBody start = VersionBody.of(run, baseParameters(ledger, host, run),
                    new FeatureNormalizer(run.mean(), run.scale()));
            return run.measured(Measurement.of(host, run.spec().task(), start).orElse(null));
        } catch (RuntimeException e) {
            LOG.warn("Run {} of {}: the model it starts from cannot be measured here: {}", run.spec().run(),
                    run.spec().task(), e.toString());
            return run;
        }
    }

    private void rollback(FederatedPayload.Rollback rollback, Changes changes, List<Runnable> afterwards) {
        if (ledger.version(rollback.task(), rollback.version()).isEmpty()) {
            LOG.warn("Rollback of {} to version {} ignored: no such committed version", rollback.task(),
                    rollback.version());
            return;
        }
        ledger.serve(changes, rollback.task(), rollback.version());
        afterwards.add(() -> host.publish("rollback", Map.of("task", rollback.task(),
                "version", rollback.version())));
    }

    /** The parameters the run's open round trains from. */
    static float[] baseParameters(Ledger ledger, Host host, FederatedRun run) {
        if (!FederatedRun.INITIAL.equals(run.baseDigest())) {
            return ledger.body(run.baseDigest()).orElseThrow(() -> new IllegalStateException("version "
                    + run.baseDigest() + " of " + run.spec().task() + " is missing from the store")).parameters();
        }
        return host.model(run.trainer(), shape(run), run.spec().seed()).orElseThrow(() -> new IllegalStateException(
                "training task " + run.trainer() + " is not installed")).parameters();
    }

    static ModelShape shape(FederatedRun run) {
        return new ModelShape(run.spec().model(), run.spec().features(),
                run.spec().labels().size());
    }
}
