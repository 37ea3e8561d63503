package org.aegis.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.learning.FederatedLearning;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.RoundRecord;
import org.aegis.api.learning.RunStatus;
import org.aegis.api.learning.TaskStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "train-status", description = "Federated tasks: runs, rounds, updates left out and"
        + " versions.", detailedDescription = "Without a task, one line per task. Examples:\n"
                + "  aegis:train-status\n"
                + "  aegis:train-status iris")
@Service
public class TrainStatusCommand implements Action {
    @Argument(index = 0, name = "task", description = "the task to show in detail")
    String task;

    @Reference(optional = true)
    FederatedLearning federated;

    @Override
    public Object execute() {
        FederatedLearning service = Services.require(federated, "federated learning", "aegis-federated");
        if (task == null) {
            printTasks(service.tasks().stream().map(name -> service.status(name).orElseThrow()).toList(), System.out);
        } else {
            TaskStatus status = service.status(task).orElseThrow(() -> new IllegalArgumentException(
                    "No federated task " + task + " on this node; aegis:train-status lists them"));
            print(status, service.versions(task), System.out);
        }
        return null;
    }

    static void printTasks(List<TaskStatus> tasks, PrintStream out) {
        if (tasks.isEmpty()) {
            out.println("No federated task: configure etc/org.aegis.federated.task-<name>.cfg");
        }
        for (TaskStatus t : tasks) {
            out.printf(Locale.ROOT, "%-20s %-10s runs %d  serving version %d%n", t.task(), t.state(), t.runs().size(),
                    t.servedVersion());
        }
    }

    static void print(TaskStatus status, List<ModelVersion> versions, PrintStream out) {
        out.printf(Locale.ROOT, "Task %s: %s, serving version %d%n", status.task(), status.state(),
                status.servedVersion());
        for (RunStatus run : status.runs()) {
            out.printf(Locale.ROOT, "Run %s: %s, %s, %d/%d rounds, participants %s%s%n", run.runId(), run.state(),
                    run.strategy(), run.roundsDone(), run.rounds(), run.participants(),
                    run.reason().isEmpty() ? "" : ": " + run.reason());
            for (RoundRecord round : run.history()) {
                out.printf(Locale.ROOT, "  round %3d  version %3d  loss %.4f  accuracy %.4f  updates %d%n",
                        round.round(), round.version(), round.loss(), round.accuracy(), round.participants().size());
                for (UpdateOutcome outcome : round.outcomes()) {
                    if (outcome.status() != UpdateOutcome.Status.ACCEPTED) {
                        out.printf(Locale.ROOT, "             %s %s: %s%n", outcome.status(), outcome.sender(),
                                outcome.reason());
                    }
                }
            }
        }
        for (ModelVersion v : versions) {
            out.printf(Locale.ROOT, "Version %3d  parent %3d  %s  run %s round %d  sequence %d  %s%n", v.number(),
                    v.parent(), v.digest(), v.runId(), v.round(), v.sequence(), v.privacy() == null
                            ? "no differential privacy"
                            : String.format(Locale.ROOT, "(ε %.2f, δ %.0e) over %d noised rounds",
                                    v.privacy().epsilon(), v.privacy().delta(), v.privacy().rounds()));
        }
    }
}
