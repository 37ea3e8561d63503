/**
 * Federated learning: the aggregation and training-task SPIs, the values they exchange and the one canonical
 * binary format of an update body ({@link org.aegis.api.federated.UpdateCodec}), and the platform service that
 * runs federated training as decisions of the network ({@link org.aegis.api.federated.FederatedLearning}).
 */
@Export
@Version("1.3.0")
package org.aegis.api.federated;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
