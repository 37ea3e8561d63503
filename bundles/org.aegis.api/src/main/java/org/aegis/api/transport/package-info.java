/** Peer-to-peer transports: dialing, protocol streams and pubsub topics. */
@Export
@Version("1.1.0")
package org.aegis.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
