/**
 * Federated learning's plugin SPIs: aggregation strategies, training tasks and their models, the values they
 * exchange and the one canonical binary format of an update body ({@link org.aegis.api.federated.UpdateCodec}).
 * The service that runs federated training as decisions of the network is in {@link org.aegis.api.learning}.
 */
@Export
@Version("2.0.0")
package org.aegis.api.federated;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
