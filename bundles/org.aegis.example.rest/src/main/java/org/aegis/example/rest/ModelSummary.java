package org.aegis.example.rest;

import java.util.List;

/**
 * One model as {@code {"id": ..., "capabilities": [...], "providers": 2, "available_providers": 1}} (the platform's
 * JSON provider writes snake_case names).
 *
 * @param id                 the model's name, as clients ask for it
 * @param capabilities       e.g. {@code chat}, {@code embeddings}, sorted
 * @param providers          how many providers serve it
 * @param availableProviders of those, how many take requests now: their circuit breaker is not open
 */
public record ModelSummary(String id, List<String> capabilities, int providers, int availableProviders) {
    public ModelSummary {
        capabilities = List.copyOf(capabilities);
    }
}
