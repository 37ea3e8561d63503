package org.aegis.api.model;

import java.util.List;

/** One vector per input text, in order. */
public record Embeddings(String model, List<List<Double>> vectors, int promptTokens) {
}
