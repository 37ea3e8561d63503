/** The metrics Φ, R, S, D, C of a node and the network, and the vote weights derived from them. */
@Export
@Version("1.2.0")
package org.aegis.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
