package org.aegis.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The PKCS#12 files Jetty reads: the key store (the served key and chain) and the trust store (client CAs). */
final class KeyStores {
    static final String ALIAS = "aegis";

    private KeyStores() {
    }

    static byte[] keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore store = empty();
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            return bytes(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 key store", e);
        }
    }

    static byte[] trustStore(List<X509Certificate> anchors, char[] password) {
        try {
            KeyStore store = empty();
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("trusted-" + i, anchors.get(i));
            }
            return bytes(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 trust store", e);
        }
    }

    /** The key and chain in the key store at {@code file}; empty when the file is missing, empty or unreadable. */
    static Optional<ServedCredential> readKey(Path file, char[] password, String source) {
        try {
            KeyStore store = load(file, password);
            if (store == null) {
                return Optional.empty();
            }
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    return Optional.of(new ServedCredential(key, chain, source));
                }
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The trusted certificates in the trust store at {@code file}; empty when missing or unreadable. */
    static List<X509Certificate> readTrusted(Path file, char[] password) {
        try {
            KeyStore store = load(file, password);
            List<X509Certificate> trusted = new ArrayList<>();
            if (store != null) {
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isCertificateEntry(alias)) {
                        trusted.add((X509Certificate) store.getCertificate(alias));
                    }
                }
            }
            return trusted;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException, IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Files.readAllBytes(file)), password);
        return store;
    }

    private static KeyStore empty() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static byte[] bytes(KeyStore store, char[] password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    /** Whether two chains hold the same certificates in the same order. */
    static boolean sameCertificates(List<X509Certificate> a, List<X509Certificate> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            try {
                if (!Arrays.equals(a.get(i).getEncoded(), b.get(i).getEncoded())) {
                    return false;
                }
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return true;
    }
}
