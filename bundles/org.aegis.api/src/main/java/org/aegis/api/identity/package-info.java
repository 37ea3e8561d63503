/** The node's Ed25519 identity and its libp2p peer id. */
@Export
@Version("1.0.0")
package org.aegis.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
