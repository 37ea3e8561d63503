/**
 * The numeric cores of the aggregation strategies, plain Java without OSGi, so that they can be tested and
 * reused directly. All are deterministic: sums run in update order in double precision, ties break towards the
 * earlier update.
 *
 * <p>Krum, Multi-Krum and Bulyan select whole updates and report the others as outvoted with their score's rank.
 * The coordinate-wise rules (median, trimmed mean, centred clipping) have no whole-update verdict, since an update
 * may be trimmed in one coordinate and kept in the next: they report every update accepted with weight 1/n.
 */
package org.aegis.federated.aggregation;
