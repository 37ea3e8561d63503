package org.aegis.api.learning;

import java.util.List;

/**
 * Where a task stands.
 *
 * @param task          the task's name
 * @param state         the state of its last run, idle if none
 * @param servedVersion the version the network serves, 0 if none yet
 * @param runs          its runs, oldest first
 */
public record TaskStatus(String task, TaskState state, long servedVersion, List<RunStatus> runs) {
    public TaskStatus {
        runs = List.copyOf(runs);
    }
}
