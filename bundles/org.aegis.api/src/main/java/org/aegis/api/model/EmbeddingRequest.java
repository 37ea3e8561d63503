package org.aegis.api.model;

import java.util.List;

/** Texts to embed with a model. */
public record EmbeddingRequest(String model, List<String> input) {
}
