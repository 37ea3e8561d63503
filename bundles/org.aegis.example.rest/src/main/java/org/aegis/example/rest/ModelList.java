package org.aegis.example.rest;

import java.util.List;

/** The answer of {@code GET /api/v1/example/models}: {@code {"models": [...]}}, by model id. */
public record ModelList(List<ModelSummary> models) {
    public ModelList {
        models = List.copyOf(models);
    }
}
