/** Bearer tokens, client certificates and the roles they carry; the certificates of the node's HTTPS port. */
@Export
@Version("1.2.0")
package org.aegis.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
