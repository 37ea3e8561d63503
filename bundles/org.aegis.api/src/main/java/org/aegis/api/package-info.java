/** Types shared by every AEGIS service interface. */
@Export
@Version("1.0.0")
package org.aegis.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
