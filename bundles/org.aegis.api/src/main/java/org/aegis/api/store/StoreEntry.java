package org.aegis.api.store;

/** One key and its value. */
public record StoreEntry(String key, byte[] value) {
}
