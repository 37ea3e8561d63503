package org.aegis.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/** Handles streams that peers open for a protocol registered with {@link Transport#handle}. */
@ConsumerType
public interface StreamHandler {
    void onStream(Stream stream);
}
