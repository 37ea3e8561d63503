package org.aegis.shell;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.learning.FederatedLearning;
import org.aegis.api.learning.RunDecided;
import org.aegis.api.learning.RunRequest;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "train", description = "Proposes a federated training run of a task to the network.",
        detailedDescription = "The validators that hold data for the task train it together; follow the run with"
                + " aegis:train-status. Examples:\n"
                + "  aegis:train iris\n"
                + "  aegis:train --rounds 50 --strategy median --learning-rate 0.1 iris")
@Service
public class TrainCommand implements Action {
    @Argument(index = 0, name = "task", required = true, description = "the task's name, as configured in"
            + " etc/org.aegis.federated.task-<name>.cfg")
    String task;

    @Option(name = "--rounds", aliases = "-r", description = "rounds of the run")
    int rounds = RunRequest.DEFAULT_ROUNDS;

    @Option(name = "--strategy", aliases = "-s", description = "aggregation: fedavg, median, trimmed-mean, krum,"
            + " multi-krum, bulyan, centered-clipping")
    String strategy = RunRequest.DEFAULT_STRATEGY;

    @Option(name = "--learning-rate", description = "local SGD step size")
    double learningRate = Hyperparameters.defaults().learningRate();

    @Option(name = "--epochs", description = "local epochs per round")
    int epochs = Hyperparameters.defaults().localEpochs();

    @Option(name = "--batch-size", description = "samples per SGD step")
    int batchSize = Hyperparameters.defaults().batchSize();

    @Option(name = "--mu", description = "FedProx mu, 0 for none")
    double mu = Hyperparameters.defaults().proximalMu();

    @Option(name = "--byzantine", aliases = "-f", description = "Byzantine updates Krum and Bulyan tolerate")
    int byzantine = Hyperparameters.defaults().assumedByzantine();

    @Option(name = "--dp-clip", description = "differential privacy: clip each update to this L2 norm (with"
            + " --dp-noise); 0 for none")
    double dpClip = Hyperparameters.defaults().dpClipNorm();

    @Option(name = "--dp-noise", description = "differential privacy: Gaussian noise multiplier sigma")
    double dpNoise = Hyperparameters.defaults().dpNoiseMultiplier();

    @Option(name = "--dp-delta", description = "differential privacy: the delta epsilon is computed for")
    double dpDelta = Hyperparameters.DEFAULT_DP_DELTA;

    @Option(name = "--lora-rank", description = "train and send only low-rank adapters of this rank; 0 for the"
            + " whole model")
    int loraRank = Hyperparameters.defaults().loraRank();

    @Option(name = "--wait", aliases = "-w", description = "seconds to wait for the network to decide the run")
    int waitSeconds = 10;

    @Reference(optional = true)
    FederatedLearning federated;

    @Override
    public Object execute() throws InterruptedException {
        FederatedLearning service = Services.require(federated, "federated learning", "aegis-federated");
        Hyperparameters defaults = Hyperparameters.defaults();
        RunRequest request = new RunRequest(task, rounds, strategy, new Hyperparameters(learningRate, epochs,
                batchSize, mu, defaults.trimFraction(), byzantine, defaults.maxUpdateNorm(),
                defaults.roundTimeoutMillis(), dpClip, dpNoise, dpDelta, loraRank));
        try {
            RunDecided run = service.startRun(request).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            System.out.println("Run " + run.runId() + " of " + run.task() + " decided at sequence " + run.sequence()
                    + ": " + rounds + " rounds of " + request.strategy() + "; follow it with aegis:train-status "
                    + task);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The run of " + task + " was not decided: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            System.out.println("Run of " + task + " proposed, not decided within " + waitSeconds
                    + " s; follow it with aegis:train-status " + task);
        }
        return null;
    }
}
