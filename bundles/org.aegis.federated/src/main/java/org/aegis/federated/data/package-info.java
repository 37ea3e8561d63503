/**
 * Local training data: CSV loading against the label set the network agreed, and feature normalisation built
 * from statistics merged across participants, so that no raw data leaves a node.
 */
package org.aegis.federated.data;
