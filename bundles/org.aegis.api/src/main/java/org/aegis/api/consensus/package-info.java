/** Consensus engines: proposals, decisions, validators and their vote weights. */
@Export
@Version("1.3.0")
package org.aegis.api.consensus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
