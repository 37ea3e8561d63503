package org.aegis.federated.trainer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.learning.Prediction;
import org.aegis.api.learning.TaskState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.federated.component.CenteredClippingComponent;
import org.aegis.federated.component.FedAvgComponent;
import org.aegis.federated.component.KrumComponent;
import org.aegis.federated.component.MedianComponent;
import org.aegis.federated.component.TrimmedMeanComponent;
import org.aegis.federated.model.BuiltinTrainingTask;
import org.aegis.federated.task.LocalTask;
import org.aegis.testing.FakeConsensusEngine;
import org.aegis.testing.InMemoryStore;

/** Federated trainers in one JVM, each with its own store, joined by a {@link FakeConsensusEngine} and a {@link FakeNetwork}. */
final class Cluster implements AutoCloseable {
    static final String TASK = "blobs";
    /** Every run's seed, so that a test's runs start from the same model every time. */
    static final long SEED = 7;

    final FakeConsensusEngine consensus;
    final FakeNetwork network = new FakeNetwork();
    final List<FederatedTrainer> trainers = new ArrayList<>();
    final List<InMemoryStore> stores = new ArrayList<>();
    final List<NodeEvent> events = new CopyOnWriteArrayList<>();

    /** A cluster whose validators are {@code validators}; call {@link #node} for those that run. */
    Cluster(List<String> validators) {
        consensus = new FakeConsensusEngine(validators);
    }

    FederatedTrainer node(String peerId, LocalTask task) {
        return node(peerId, task, new InMemoryStore());
    }

    FederatedTrainer node(String peerId, LocalTask task, InMemoryStore store) {
        FederatedTrainer trainer = detached(peerId, task, store);
        trainer.bindTransport(network.transport(peerId));
        return trainer;
    }

    /** A node without a transport: it can only use the update bytes it made itself. */
    FederatedTrainer detached(String peerId, LocalTask task, InMemoryStore store) {
        FederatedTrainer trainer = new FederatedTrainer(store, identity(peerId), nodeService(), Clock.systemUTC(),
                () -> SEED);
        for (AggregationStrategy strategy : List.of(new FedAvgComponent(), new MedianComponent(), new KrumComponent(),
                new TrimmedMeanComponent(), new CenteredClippingComponent())) {
            trainer.bindStrategy(strategy, Map.of(AggregationStrategy.SERVICE_PROPERTY, strategy.name()));
        }
        trainer.bindTrainingTask(new BuiltinTrainingTask());
        trainer.addLocalTask(task);
        trainer.bindEngine(consensus);
        consensus.listen(trainer);
        trainers.add(trainer);
        stores.add(store);
        return trainer;
    }

    /** Waits until every trainer's last run of the task has ended. */
    void awaitRunsEnded(Duration limit) throws InterruptedException {
        await(() -> trainers.stream().allMatch(t -> t.status(TASK).map(s -> s.state() == TaskState.COMPLETED
                || s.state() == TaskState.FAILED).orElse(false)), limit, "runs to end");
    }

    static void await(BooleanSupplier done, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static double accuracy(Prediction prediction, org.aegis.api.federated.Dataset truth) {
        int right = 0;
        for (int r = 0; r < truth.size(); r++) {
            if (prediction.rows().get(r).label().equals(SyntheticData.LABELS.get(truth.label(r)))) {
                right++;
            }
        }
        return (double) right / truth.size();
    }

    static NodeIdentity identity(String peerId) {
        return new NodeIdentity() {
            @Override
            public String peerId() {
                return peerId;
            }

            @Override
            public byte[] publicKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] sign(byte[] data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean verify(String peer, byte[] data, byte[] signature) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private NodeService nodeService() {
        return new NodeService() {
            @Override
            public NodeStatus status() {
                throw new UnsupportedOperationException();
            }

            @Override
            public NodeHealth health() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void publish(NodeEvent event) {
                events.add(event);
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        for (FederatedTrainer trainer : trainers) {
            trainer.deactivate();
        }
    }
}
