/**
 * The platform's federated-learning service ({@link org.aegis.api.learning.FederatedLearning}): starting runs,
 * their status, the model versions the network agreed on and predictions from them. A platform service: plugins
 * use it and never implement it, so it grows in minor versions without touching the training and aggregation SPIs
 * of {@link org.aegis.api.federated}.
 */
@Export
@Version("1.0.0")
package org.aegis.api.learning;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
