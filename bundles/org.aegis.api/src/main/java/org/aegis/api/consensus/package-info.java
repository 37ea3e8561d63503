/**
 * Consensus engines: proposals, decisions, validators and their vote weights; the platform's {@link
 * org.aegis.api.consensus.DecisionLog} of committed decisions and their canonical encoding, {@link
 * org.aegis.api.consensus.DecisionCodec}.
 */
@Export
@Version("1.4.0")
package org.aegis.api.consensus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
