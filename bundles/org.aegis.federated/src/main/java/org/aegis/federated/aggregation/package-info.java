/**
 * The numeric cores of the aggregation strategies, plain Java without OSGi, so that they can be tested and
 * reused directly. All are deterministic: sums run in update order in double precision, ties break towards the
 * earlier update.
 */
package org.aegis.federated.aggregation;
