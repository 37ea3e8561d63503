/** The libp2p transport: a {@code Transport} built on Netty from the libp2p specifications. */
package org.aegis.transport.libp2p;
