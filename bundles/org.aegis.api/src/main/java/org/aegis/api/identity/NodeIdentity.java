package org.aegis.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/** The node's Ed25519 key pair, made at first start and kept across restarts. */
@ProviderType
public interface NodeIdentity {
    /** The libp2p peer id: identity multihash of the protobuf-encoded public key, base58btc ({@code 12D3KooW…}). */
    String peerId();

    /** The public key in libp2p's protobuf {@code PublicKey} encoding. */
    byte[] publicKey();

    /** Ed25519 signature of {@code data} with the node's private key. */
    byte[] sign(byte[] data);

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code data} by the peer {@code peerId}
     * (whose public key the peer id embeds). False for a malformed peer id or signature, never an exception.
     */
    boolean verify(String peerId, byte[] data, byte[] signature);
}
