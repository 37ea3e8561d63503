package org.aegis.model.orchestrator;

/** The capabilities a {@link org.aegis.api.model.ModelInfo} names, as routing needs them. */
final class Capability {
    static final String CHAT = "chat";
    static final String EMBEDDINGS = "embeddings";

    private Capability() {
    }
}
