package org.aegis.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.RoundRecord;
import org.aegis.api.learning.RunStatus;
import org.aegis.api.learning.TaskState;
import org.aegis.api.learning.TaskStatus;
import org.junit.jupiter.api.Test;

class TrainStatusCommandTest {
    private static String printed(java.util.function.Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        print.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsRunsRoundsTheUpdatesLeftOutAndVersions() {
        RoundRecord round = new RoundRecord(1, List.of("n0", "mallory"), List.of(UpdateOutcome.accepted("n0", 1),
                UpdateOutcome.outvoted("mallory", "update of mallory is not among Krum's selection")), 1, 0.42, 0.875);
        TaskStatus status = new TaskStatus("iris", TaskState.COMPLETED, 1, List.of(new RunStatus("run-1",
                TaskState.COMPLETED, "krum", 1, 1, List.of("n0", "mallory"), List.of(round), "")));
        String text = printed(out -> TrainStatusCommand.print(status, List.of(new ModelVersion("iris", 1, 0,
                "ab".repeat(32), "run-1", 1, 7, 0.42, 0.875)), out));
        for (String expected : new String[] {"Task iris: COMPLETED, serving version 1", "krum, 1/1 rounds",
            "loss 0.4200  accuracy 0.8750", "OUTVOTED mallory: update of mallory is not among", "ab".repeat(32),
            "sequence 7"}) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
        assertTrue(!text.contains("ACCEPTED"), text);
    }

    @Test
    void saysHowToConfigureATaskWhenThereIsNone() {
        assertTrue(printed(out -> TrainStatusCommand.printTasks(List.of(), out))
                .contains("etc/org.aegis.federated.task-<name>.cfg"));
    }
}
