package org.aegis.api.model;

import java.util.Set;

/**
 * A model a provider serves.
 *
 * @param id           the model's name, as clients ask for it
 * @param provider     the id of the provider serving it
 * @param capabilities e.g. {@code chat}, {@code embeddings}
 */
public record ModelInfo(String id, String provider, Set<String> capabilities) {
}
