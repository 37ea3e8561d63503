package org.aegis.identity;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.Store;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The node's Ed25519 identity.
 *
 * <p>The private key's 32-byte seed lives in the store's {@link Store#REGISTRY registry} map under
 * {@value #SEED_KEY}. The first start makes a key and stores it; every later start loads the same key, so the
 * peer id survives restarts. A stored value that is not a seed stops the component from starting, and is never
 * overwritten: replacing it would silently give the node a new peer id.
 *
 * <p>Immutable once constructed but for a cache of peers' decoded keys, and safe for concurrent use. The private key appears in no string and no
 * log.
 */
@Component(immediate = true, service = {NodeIdentity.class, HealthIndicator.class})
public final class NodeIdentityComponent implements NodeIdentity, HealthIndicator {
    /** Key of the private key's seed in the {@link Store#REGISTRY} map. */
    static final String SEED_KEY = "identity/ed25519-seed";
    /** This indicator's component name. */
    static final String COMPONENT = "identity";

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKeyProtobuf;
    private final String peerId;
    private final VerifyingKeys verifyingKeys = new VerifyingKeys();

    /** Loads the node's key from {@code store}, making and storing one at first start. */
    @Activate
    public NodeIdentityComponent(@Reference(name = "store") Store store) {
        this(store, new SecureRandom());
    }

    /**
     * As {@link #NodeIdentityComponent(Store)}, with the randomness a new key is made from.
     *
     * @throws IllegalStateException if the stored seed is not 32 bytes (it is left as it is)
     */
    NodeIdentityComponent(Store store, SecureRandom random) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(random, "random");
        this.privateKey = loadOrCreate(store, random);
        byte[] rawPublicKey = privateKey.generatePublicKey().getEncoded();
        this.publicKeyProtobuf = PublicKeyProtobuf.encodeEd25519(rawPublicKey);
        this.peerId = PeerIds.fromEd25519PublicKey(rawPublicKey);
    }

    private static Ed25519PrivateKeyParameters loadOrCreate(Store store, SecureRandom random) {
        Optional<byte[]> stored = store.map(Store.REGISTRY).get(SEED_KEY);
        if (stored.isPresent()) {
            byte[] seed = stored.get();
            if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IllegalStateException("the node's identity key in store map '" + Store.REGISTRY
                        + "', key '" + SEED_KEY + "', is " + seed.length + " bytes, expected an Ed25519 seed of "
                        + Ed25519PrivateKeyParameters.KEY_SIZE + "; not starting, and leaving it untouched (a new "
                        + "key would change the node's peer id)");
            }
            return new Ed25519PrivateKeyParameters(seed);
        }
        Ed25519PrivateKeyParameters created = new Ed25519PrivateKeyParameters(random);
        byte[] seed = created.getEncoded();
        store.write(batch -> batch.put(Store.REGISTRY, SEED_KEY, seed));
        return created;
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKeyProtobuf.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(String peerId, byte[] data, byte[] signature) {
        if (peerId == null || data == null || signature == null
                || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, verifyingKeys.of(peerId));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException malformed) {
            // a malformed peer id, or bytes that are not a point on the curve: not a valid signature
            return false;
        }
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        return new ComponentHealth(COMPONENT, HealthState.UP, "peer id " + peerId);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + peerId + "]";
    }
}
