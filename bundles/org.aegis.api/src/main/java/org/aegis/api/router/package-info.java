/**
 * The platform's model router: the one service through which the node's REST API, shell and plugins ask for
 * chat completions and embeddings, whichever {@link org.aegis.api.model.ModelProvider}s serve them. A platform
 * service: plugins use it and never implement it, so it grows in minor versions without touching the provider SPI.
 */
@Export
@Version("1.0.0")
package org.aegis.api.router;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
