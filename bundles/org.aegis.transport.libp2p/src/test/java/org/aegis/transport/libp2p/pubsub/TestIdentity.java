package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.libp2p.proto.Keys;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 node identity with a real libp2p peer id ({@code 12D3KooW…}), from a fixed seed per test node. */
final class TestIdentity implements NodeIdentity {
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String peerId;

    TestIdentity(int seed) {
        byte[] secret = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        Arrays.fill(secret, (byte) seed);
        secret[0] = (byte) (seed >> 8);
        privateKey = new Ed25519PrivateKeyParameters(secret);
        publicKey = Keys.PublicKey.newBuilder().setType(Keys.KeyType.Ed25519)
                .setData(ByteString.copyFrom(privateKey.generatePublicKey().getEncoded())).build().toByteArray();
        peerId = PeerIds.toBase58(PeerIds.fromPublicKey(publicKey));
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(String peerId, byte[] data, byte[] signature) {
        try {
            byte[] id = PeerIds.fromBase58(peerId);
            if (id.length < 2 || id[0] != 0 || id[1] != id.length - 2) {
                return false; // not an identity multihash: the key is not inlined
            }
            Keys.PublicKey key = Keys.PublicKey.parseFrom(Arrays.copyOfRange(id, 2, id.length));
            if (key.getType() != Keys.KeyType.Ed25519 || key.getData().size() != Ed25519PublicKeyParameters.KEY_SIZE) {
                return false;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(key.getData().toByteArray()));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return false;
        }
    }
}
