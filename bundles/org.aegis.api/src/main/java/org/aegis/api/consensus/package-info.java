/**
 * Consensus engines: proposals, decisions, validators and their vote weights; the platform's {@link
 * org.aegis.api.consensus.DecisionLog} of committed decisions and their canonical encoding, {@link
 * org.aegis.api.consensus.DecisionCodec}; the payloads of the platform's own decision kinds, each one record with
 * its one parser ({@link org.aegis.api.consensus.ConfigChange}, {@link org.aegis.api.consensus.ModelVersionChange},
 * {@link org.aegis.api.consensus.ValidatorSetChange}).
 */
@Export
@Version("1.7.0")
package org.aegis.api.consensus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
