package org.aegis.api.learning;

/** Where a task or a run stands. */
public enum TaskState {
    /** No run yet. */
    IDLE,
    /** A run is training. */
    RUNNING,
    /** The last run closed all its rounds. */
    COMPLETED,
    /** The last run stopped; its status says why. */
    FAILED
}
