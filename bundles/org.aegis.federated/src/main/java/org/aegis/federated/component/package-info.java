/** The DS components: thin wrappers that register the plain cores as services. */
package org.aegis.federated.component;
