/** Client-level differential privacy: clipping and Gaussian noise on each update, and the accountant of ε. */
package org.aegis.federated.privacy;
