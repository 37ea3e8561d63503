/** The embedded persistent store: named ordered maps with atomic multi-map writes. */
@Export
@Version("1.2.0")
package org.aegis.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
