package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.PrivacyBudget;
import org.aegis.api.learning.RoundRecord;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.model.LowRankAdapters;
import org.aegis.federated.privacy.GaussianAccountant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a training round: gathers the listed updates' bytes (from the store, else from their sender and the
 * other participants), aggregates them with the run's strategy and commits the new version.
 */
final class RoundCloser {
    private static final Logger LOG = LoggerFactory.getLogger(RoundCloser.class);

    private final Ledger ledger;
    private final RunProtocol.Host host;

    RoundCloser(Ledger ledger, RunProtocol.Host host) {
        this.ledger = ledger;
        this.host = host;
    }

    /** The run after the round; the new version and the update bytes fetched go into {@code changes}. */
    FederatedRun close(long sequence, FederatedRun run, List<Announced> listed, Changes changes) {
        Optional<AggregationStrategy> strategy = host.strategy(run.spec().strategy());
        if (strategy.isEmpty()) {
            LOG.error("Run {} of {} stops here: the strategy {} is not installed on this node", run.spec().run(),
                    run.spec().task(), run.spec().strategy());
            return run.failed("the strategy " + run.spec().strategy() + " is not installed on this node");
        }
        float[] base = RunProtocol.baseParameters(ledger, host, run);
        RoundAggregation.UpdateForm form;
        try {
            form = updateForm(run, base.length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return run.failed("round " + run.openRound() + " cannot be aggregated: " + e.getMessage());
        }
        List<RoundAggregation.Received> received = new ArrayList<>();
        for (Announced update : listed) {
            received.add(receive(run, update, form.length(), changes));
        }
        RoundAggregation.Result result;
        try {
            result = RoundAggregation.aggregate(run.spec().task(), run.openRound(), run.baseDigest(), base, form,
                    received, strategy.get(), run.spec().hyperparameters());
        } catch (IllegalArgumentException e) {
            return run.failed("round " + run.openRound() + " cannot be aggregated: " + e.getMessage());
        }
        List<String> senders = listed.stream().map(Announced::sender).toList();
        for (UpdateOutcome outcome : result.outcomes()) {
            if (outcome.status() != UpdateOutcome.Status.ACCEPTED) {
                LOG.warn("Run {} round {}: {} {}", run.spec().run(), run.openRound(), outcome.status(),
                        outcome.reason());
            }
        }
        if (result.parameters() == null) {
            return run.closed(new RoundRecord(run.openRound(), senders, result.outcomes(), 0, Double.NaN, Double.NaN),
                    run.baseVersion(), run.baseDigest());
        }
        VersionBody body = VersionBody.of(run, result.parameters(), new FeatureNormalizer(run.mean(), run.scale()));
        String digest = body.digest();
        long number = ledger.versions(run.spec().task()).size() + 1L;
        Evaluation measured = Measurement.of(host, run.spec().task(), body).orElse(new Evaluation(Double.NaN, 0, 0));
        double accuracy = measured.samples() == 0 ? Double.NaN : measured.accuracy();
        ledger.put(changes, new ModelVersion(run.spec().task(), number, run.baseVersion(), digest, run.spec().run(),
                run.openRound(), sequence, measured.loss(), accuracy, privacy(run)), body);
        ledger.serve(changes, run.spec().task(), number);
        return run.closed(new RoundRecord(run.openRound(), senders, result.outcomes(), number, measured.loss(),
                accuracy), number, digest);
    }

    /** What the round's updates carry: the whole delta, or in a run with a LoRA rank the adapters' factors. */
    private RoundAggregation.UpdateForm updateForm(FederatedRun run, int parameters) {
        Hyperparameters h = run.spec().hyperparameters();
        if (!h.loraEnabled()) {
            return RoundAggregation.UpdateForm.whole(parameters);
        }
        FederatedModel model = host.model(run.trainer(), RunProtocol.shape(run), run.spec().seed()).orElseThrow(
                () -> new IllegalStateException("training task " + run.trainer() + " is not installed"));
        LowRankAdapters adapters = RunAdapters.of(RunAdapters.differentiable(model), h, run.spec().seed(),
                run.openRound());
        return new RoundAggregation.UpdateForm(adapters.parameterCount(), change -> adapters.expand(change,
                parameters));
    }

    /**
     * The privacy of the version this round makes: its own noised round composed with those that led to its base;
     * none when this round, or one before it, ran without differential privacy.
     */
    private PrivacyBudget privacy(FederatedRun run) {
        Hyperparameters h = run.spec().hyperparameters();
        if (!h.dpEnabled()) {
            return null;
        }
        PrivacyBudget before = null;
        if (run.baseVersion() > 0) {
            Optional<ModelVersion> base = ledger.version(run.spec().task(), run.baseVersion());
            if (base.isEmpty() || base.get().privacy() == null) {
                return null;
            }
            before = base.get().privacy();
        }
        return GaussianAccountant.compose(before, h.dpNoiseMultiplier(), h.dpDelta());
    }

    private RoundAggregation.Received receive(FederatedRun run, Announced update, int parameterCount,
            Changes changes) {
        long bound = UpdateCodec.encodedSize(run.spec().task(), update.sender(), parameterCount);
        if (update.bytes() != bound) {
            return new RoundAggregation.Received(update, null, "update of " + update.sender() + " was announced as "
                    + update.bytes() + " bytes, the model's updates are " + bound);
        }
        Optional<byte[]> stored = ledger.update(update.digest());
        if (stored.isPresent()) {
            return new RoundAggregation.Received(update, stored.get(), null);
        }
        List<String> peers = new ArrayList<>();
        peers.add(update.sender());
        run.spec().participants().stream().filter(p -> !p.equals(update.sender()) && !p.equals(host.self()))
                .forEach(peers::add);
        try {
            byte[] bytes = host.fetch(update, peers);
            changes.put(Ledger.MAP, "update/" + update.digest(), bytes);
            return new RoundAggregation.Received(update, bytes, null);
        } catch (Exception e) {
            throw new UpdatesUnavailable("run " + run.spec().run() + " round " + run.openRound() + ": the update "
                    + update.digest() + " of " + update.sender() + " cannot be fetched yet from " + peers + ": " + e, e);
        }
    }

}
