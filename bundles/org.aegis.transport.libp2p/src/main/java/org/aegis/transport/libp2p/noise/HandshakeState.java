package org.aegis.transport.libp2p.noise;

import java.util.Arrays;
import org.aegis.transport.libp2p.ProtocolException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The Noise {@code HandshakeState} for {@code Noise_XX_25519_ChaChaPoly_SHA256}:
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 * Messages are written and read in turn; after the third, {@link #split} gives the transport ciphers.
 */
public final class HandshakeState {
    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int DH_LENGTH = 32;

    private final boolean initiator;
    private final SymmetricState symmetric;
    private final X25519PrivateKeyParameters staticKey;
    private final X25519PrivateKeyParameters ephemeralKey;
    private final byte[] staticPublic;
    private final byte[] ephemeralPublic;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int messageIndex;

    /**
     * @param staticKey       this side's static X25519 key
     * @param staticPublicKey its public key, derived once rather than for every handshake
     * @param ephemeralKey    a fresh X25519 key for this handshake only
     */
    public HandshakeState(boolean initiator, byte[] prologue, X25519PrivateKeyParameters staticKey,
            byte[] staticPublicKey, X25519PrivateKeyParameters ephemeralKey) {
        this.initiator = initiator;
        this.staticKey = staticKey;
        this.ephemeralKey = ephemeralKey;
        this.staticPublic = staticPublicKey.clone();
        this.ephemeralPublic = ephemeralKey.generatePublicKey().getEncoded();
        this.symmetric = new SymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue);
    }

    /** Whether it is this side's turn to write. */
    public boolean isMyTurn() {
        return (messageIndex % 2 == 0) == initiator;
    }

    public boolean isComplete() {
        return messageIndex == 3;
    }

    /** Writes the next handshake message carrying {@code payload}. */
    public byte[] writeMessage(byte[] payload) {
        if (isComplete() || !isMyTurn()) {
            throw new IllegalStateException("not this side's turn to write handshake message " + (messageIndex + 1));
        }
        byte[] message;
        switch (messageIndex) {
            case 0 -> {
                byte[] e = ephemeralPublic();
                symmetric.mixHash(e);
                message = concat(e, symmetric.encryptAndHash(payload));
            }
            case 1 -> {
                byte[] e = ephemeralPublic();
                symmetric.mixHash(e);
                symmetric.mixKey(dh(ephemeralKey, remoteEphemeral));
                byte[] s = symmetric.encryptAndHash(staticPublic());
                symmetric.mixKey(dh(staticKey, remoteEphemeral));
                message = concat(e, s, symmetric.encryptAndHash(payload));
            }
            default -> {
                byte[] s = symmetric.encryptAndHash(staticPublic());
                symmetric.mixKey(dh(staticKey, remoteEphemeral));
                message = concat(s, symmetric.encryptAndHash(payload));
            }
        }
        messageIndex++;
        return message;
    }

    /**
     * Reads the next handshake message and returns its payload.
     *
     * @throws ProtocolException when it is too short, fails authentication or carries a bad key
     */
    public byte[] readMessage(byte[] message) {
        if (isComplete() || isMyTurn()) {
            throw new IllegalStateException("not this side's turn to read handshake message " + (messageIndex + 1));
        }
        int offset = 0;
        switch (messageIndex) {
            case 0 -> {
                remoteEphemeral = take(message, offset, DH_LENGTH, "ephemeral key");
                offset += DH_LENGTH;
                symmetric.mixHash(remoteEphemeral);
            }
            case 1 -> {
                remoteEphemeral = take(message, offset, DH_LENGTH, "ephemeral key");
                offset += DH_LENGTH;
                symmetric.mixHash(remoteEphemeral);
                symmetric.mixKey(dh(ephemeralKey, remoteEphemeral));
                int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
                remoteStatic = symmetric.decryptAndHash(take(message, offset, sLength, "static key"));
                offset += sLength;
                symmetric.mixKey(dh(ephemeralKey, remoteStatic));
            }
            default -> {
                int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
                remoteStatic = symmetric.decryptAndHash(take(message, offset, sLength, "static key"));
                offset += sLength;
                symmetric.mixKey(dh(ephemeralKey, remoteStatic));
            }
        }
        byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
        messageIndex++;
        return payload;
    }

    /** The transport ciphers once the handshake is complete: {@code [sending, receiving]} for this side. */
    public CipherState[] split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake is not complete");
        }
        CipherState[] pair = symmetric.split();
        return initiator ? pair : new CipherState[] {pair[1], pair[0]};
    }

    /** The remote's static public key, known after it sent it (message 2 or 3). */
    public byte[] remoteStaticKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    public byte[] localStaticKey() {
        return staticPublic();
    }

    /** The handshake hash h, e.g. for channel binding and tests. */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    private byte[] ephemeralPublic() {
        return ephemeralPublic.clone();
    }

    private byte[] staticPublic() {
        return staticPublic.clone();
    }

    private static byte[] dh(X25519PrivateKeyParameters privateKey, byte[] publicKey) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(privateKey);
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey, 0), shared, 0);
        } catch (IllegalStateException e) {
            // BouncyCastle refuses low-order points, whose shared secret would be all zeros
            throw new ProtocolException("peer sent an invalid X25519 public key", e);
        }
        return shared;
    }

    private static byte[] take(byte[] message, int offset, int length, String what) {
        if (message.length < offset + length) {
            throw new ProtocolException("Noise handshake message of " + message.length + " bytes is too short for the "
                    + what);
        }
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
