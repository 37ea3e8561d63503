package org.aegis.shell;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.learning.FederatedLearning;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "rollback", description = "Proposes that the network serves an earlier committed"
        + " version of a task again.", detailedDescription = "Example:\n  aegis:rollback iris 3")
@Service
public class RollbackCommand implements Action {
    @Argument(index = 0, name = "task", required = true, description = "the task's name")
    String task;

    @Argument(index = 1, name = "version", required = true, description = "a committed version number"
            + " (aegis:train-status TASK lists them)")
    long version;

    @Option(name = "--wait", aliases = "-w", description = "seconds to wait for the network to decide")
    int waitSeconds = 10;

    @Reference(optional = true)
    FederatedLearning federated;

    @Override
    public Object execute() throws InterruptedException {
        FederatedLearning service = Services.require(federated, "federated learning", "aegis-federated");
        try {
            long sequence = service.rollback(task, version).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            System.out.println("Decided at sequence " + sequence + ": the network serves version " + version + " of "
                    + task);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The rollback of " + task + " was not decided: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            System.out.println("Rollback of " + task + " to version " + version + " proposed, not decided within "
                    + waitSeconds + " s; follow it with aegis:train-status " + task);
        }
        return null;
    }
}
