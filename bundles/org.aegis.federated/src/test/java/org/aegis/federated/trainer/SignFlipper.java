package org.aegis.federated.trainer;

import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.federated.UpdateBody;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.transport.Transport;
import org.aegis.federated.data.FeatureStatistics;
import org.aegis.federated.protocol.FederatedPayload;
import org.aegis.federated.protocol.PayloadCodec;
import org.aegis.testing.FakeConsensusEngine;

/**
 * A Byzantine participant: announces plausible statistics, then in every round fetches the first honest update it
 * sees, flips its sign, scales it by {@value #SCALE}, claims many samples and sends that as its own.
 */
final class SignFlipper implements DecisionListener, AutoCloseable {
    static final float SCALE = -10;

    private final String self;
    private final FakeConsensusEngine consensus;
    private final Transport transport;
    private final PayloadCodec codec = new PayloadCodec();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Set<String> attacked = new HashSet<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    SignFlipper(String self, FakeConsensusEngine consensus, FakeNetwork network) {
        this.self = self;
        this.consensus = consensus;
        this.transport = network.transport(self);
        transport.handle(UpdateExchange.PROTOCOL, UpdateExchange.server(d -> Optional.ofNullable(served.get(d))));
        consensus.listen(this);
    }

    @Override
    public void onDecision(Decision decision) {
        thread.execute(() -> {
            try {
                act(decision.proposal());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void act(Proposal proposal) throws Exception {
        Optional<FederatedPayload> payload = codec.parse(proposal);
        if (payload.isPresent() && payload.get() instanceof FederatedPayload.Run run && run.base() == null) {
            FeatureStatistics stats = FeatureStatistics.of(SyntheticData.skewed(0, 77));
            propose("stats-" + run.run(), new FederatedPayload.Stats(run.task(), run.run(), self, stats.count(),
                    stats.sum(), stats.sumOfSquares()));
        }
        if (payload.isPresent() && payload.get() instanceof FederatedPayload.Update honest
                && !honest.sender().equals(self) && attacked.add(honest.run() + "/" + honest.round())) {
            byte[] bytes = UpdateExchange.fetch(transport, honest.sender(), honest.digest(), honest.bytes(),
                    Duration.ofSeconds(5));
            float[] flipped = UpdateCodec.decode(bytes, bytes.length).parameters();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] *= SCALE;
            }
            byte[] evil = UpdateCodec.encode(new UpdateBody(honest.task(), honest.round(), self, 10_000, flipped));
            String digest = HexFormat.of().formatHex(UpdateCodec.sha256(evil));
            served.put(digest, evil);
            propose("update-" + honest.run() + "-" + honest.round(), new FederatedPayload.Update(honest.task(),
                    honest.run(), honest.round(), self, digest, 10_000, evil.length, honest.base()));
        }
    }

    private void propose(String id, FederatedPayload payload) {
        consensus.propose(new Proposal("evil-" + id, PayloadCodec.kind(payload), codec.encode(payload), self));
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
