package org.aegis.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** The changes of one atomic {@link Store#write}. */
@ProviderType
public interface WriteBatch {
    WriteBatch put(String map, String key, byte[] value);

    WriteBatch remove(String map, String key);
}
