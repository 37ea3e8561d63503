package org.aegis.itests.simulation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The verdicts of signatures a simulation's identities already checked. Ed25519 verification is a pure function
 * of (peer id, data, signature), so a remembered verdict is the verdict; without it the n−1 receivers of every
 * broadcast, and every replica that meets a request again inside a pre-prepare or a proof, would check the same
 * signature over and over, which is most of a simulation's CPU time. Not thread-safe: a simulation runs on one thread.
 */
final class VerifiedSignatures {
    private static final int CAPACITY = 50_000;

    private record Key(String peer, byte[] data, byte[] signature) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && peer.equals(k.peer) && Arrays.equals(signature, k.signature)
                    && Arrays.equals(data, k.data);
        }

        @Override
        public int hashCode() {
            return peer.hashCode() * 31 + Arrays.hashCode(signature);
        }
    }

    private final Map<Key, Boolean> verdicts = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    boolean verify(String peer, byte[] data, byte[] signature, BooleanSupplier check) {
        Key key = new Key(peer, data.clone(), signature.clone());
        Boolean known = verdicts.get(key);
        if (known == null) {
            known = check.getAsBoolean();
            verdicts.put(key, known);
        }
        return known;
    }
}
