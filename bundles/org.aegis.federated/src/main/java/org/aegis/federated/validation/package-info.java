/** Checks every update before aggregation, so that a malformed or oversized update never reaches a strategy. */
package org.aegis.federated.validation;
