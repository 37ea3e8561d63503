/** The node runtime: status, component health and the event bus. */
@Export
@Version("1.1.0")
package org.aegis.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
