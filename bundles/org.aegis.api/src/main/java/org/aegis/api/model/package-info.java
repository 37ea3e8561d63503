/**
 * The model-provider SPI: a plugin that serves chat completions and embeddings (an embedded model, a remote
 * server) implements {@link org.aegis.api.model.ModelProvider}; the values here are what it receives and returns.
 * The platform's router over all providers is {@link org.aegis.api.router}.
 */
@Export
@Version("2.0.0")
package org.aegis.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
