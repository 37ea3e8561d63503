/** The audit log of every mutating operation. */
@Export
@Version("1.0.0")
package org.aegis.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
