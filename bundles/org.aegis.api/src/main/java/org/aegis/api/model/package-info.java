/** Model providers: chat completion and embeddings. */
@Export
@Version("1.1.0")
package org.aegis.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
