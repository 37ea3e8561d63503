/** Bearer tokens and the roles they carry. */
@Export
@Version("1.1.0")
package org.aegis.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
