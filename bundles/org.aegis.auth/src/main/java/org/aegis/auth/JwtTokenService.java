package org.aegis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.security.InvalidTokenException;
import org.aegis.api.security.IssuedToken;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.TokenService;
import org.aegis.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node's bearer tokens: JWTs signed with HS256 under a 256-bit secret that is generated at the first
 * start and kept in the store's registry, so tokens stay valid across restarts.
 *
 * <p>The component is immutable once constructed; a configuration change replaces the instance. Tokens that
 * were issued before are checked against the current configuration's issuer and clock skew, but not against
 * the current lifetime bounds: a token stays valid until its {@code exp}.
 */
@Component(
        name = AuthSettings.PID,
        configurationPid = AuthSettings.PID,
        immediate = true, // the key and the initial admin token exist from the first start, not the first use
        service = {TokenService.class, HealthIndicator.class})
@Designate(ocd = AuthConfig.class)
public class JwtTokenService implements TokenService, HealthIndicator {
    /** Registry entry holding the raw 32-byte HS256 secret. */
    static final String KEY_ENTRY = "auth/jwt-hs256-key";
    /** After a rotation: the key before it, and until when (epoch seconds, ASCII) it still verifies tokens. */
    static final String PREVIOUS_KEY_ENTRY = "auth/jwt-hs256-previous-key";
    static final String PREVIOUS_KEY_UNTIL_ENTRY = "auth/jwt-hs256-previous-until";
    /** Registry entry holding the initial admin token (compact JWT, UTF-8). */
    static final String INITIAL_ADMIN_ENTRY = "auth/initial-admin-token";
    static final int KEY_BYTES = 32;
    static final String ROLE_CLAIM = "role";
    static final String INITIAL_ADMIN_SUBJECT = "admin";
    static final int MAX_SUBJECT_LENGTH = 128;
    /** Far above any token this service issues; longer input is not even parsed. */
    static final int MAX_TOKEN_LENGTH = 8192;
    static final String COMPONENT = "auth";

    static final String MALFORMED = "malformed token";
    static final String UNSUPPORTED_ALGORITHM = "unsupported algorithm";
    static final String INVALID_SIGNATURE = "invalid signature";
    static final String WRONG_ISSUER = "wrong issuer";
    static final String EXPIRED = "token expired";
    static final String REVOKED = "token revoked";

    private static final String ROLE_NAMES =
            Arrays.stream(Role.values()).map(JwtTokenService::roleName).collect(Collectors.joining(", "));

    private final AuthSettings settings;
    private final Clock clock;
    private final Store store;
    private final Revocations revocations;
    /** Replaced whole by a rotation; read without locking by every verification. */
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>();
    private volatile IssuedToken initialAdmin;

    /** The DS constructor: the system clock in UTC. */
    @Activate
    public JwtTokenService(@Reference(name = "store") Store store, AuthConfig config) {
        this(store, config, Clock.systemUTC());
    }

    /**
     * Loads (or at the first start generates and stores) the signing key, and makes sure a valid initial
     * admin token is stored.
     *
     * @throws IllegalArgumentException when the configuration is invalid
     * @throws IllegalStateException    when the stored key is unusable (it is left as it is)
     */
    JwtTokenService(Store store, AuthConfig config, Clock clock) {
        this.settings = AuthSettings.from(config);
        this.clock = clock;
        this.store = store;
        this.revocations = new Revocations(store, clock.instant(), settings.maxLifetime().plus(settings.clockSkew()));

        Optional<byte[]> storedKey = store.map(Store.REGISTRY).get(KEY_ENTRY);
        byte[] secret;
        if (storedKey.isPresent()) {
            secret = storedKey.get().clone();
            if (secret.length != KEY_BYTES) {
                throw new IllegalStateException("The stored token signing key (registry entry " + KEY_ENTRY
                        + ") is " + secret.length + " bytes long; an HS256 key must be " + KEY_BYTES
                        + " bytes. Refusing to start and leaving the stored key as it is: restore it from a backup,"
                        + " or remove the entry to generate a new key (which invalidates every token issued so far).");
            }
        } else {
            secret = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(secret);
        }
        keys.set(new SigningKeys(SigningKeys.Key.of(secret, Instant.MAX), previousKey(store)));

        IssuedToken admin = store.map(Store.REGISTRY).get(INITIAL_ADMIN_ENTRY).flatMap(this::reusableAdminToken)
                .orElse(null);
        if (admin == null || storedKey.isEmpty()) {
            IssuedToken fresh = sign(keys.get().current(), INITIAL_ADMIN_SUBJECT, Role.ADMIN, settings.initialAdminLifetime());
            byte[] newKey = storedKey.isEmpty() ? secret.clone() : null;
            // The key (at the first start) and the token are committed together or not at all.
            store.write(batch -> {
                if (newKey != null) {
                    batch.put(Store.REGISTRY, KEY_ENTRY, newKey);
                }
                batch.put(Store.REGISTRY, INITIAL_ADMIN_ENTRY, fresh.token().getBytes(UTF_8));
            });
            admin = fresh;
        }
        this.initialAdmin = admin;
    }

    /** The key before the last rotation, while its grace period lasts. */
    private Optional<SigningKeys.Key> previousKey(Store store) {
        Optional<byte[]> until = store.map(Store.REGISTRY).get(PREVIOUS_KEY_UNTIL_ENTRY);
        Optional<byte[]> key = store.map(Store.REGISTRY).get(PREVIOUS_KEY_ENTRY);
        if (until.isEmpty() || key.isEmpty() || key.get().length != KEY_BYTES) {
            return Optional.empty();
        }
        Instant acceptedUntil = Instant.ofEpochSecond(Long.parseLong(new String(until.get(), UTF_8)));
        return clock.instant().isBefore(acceptedUntil) ? Optional.of(SigningKeys.Key.of(key.get(), acceptedUntil))
                : Optional.empty();
    }

    @Override
    public boolean revoke(String tokenId) {
        return revocations.revoke(tokenId, clock.instant());
    }

    @Override
    public boolean isRevoked(String tokenId) {
        return revocations.isRevoked(tokenId);
    }

    /**
     * A new key signs from now on; tokens signed with the current one stay valid for {@code grace} (the key that
     * was previous before is dropped). The initial admin token is issued anew under the new key.
     */
    @Override
    public synchronized IssuedToken rotateSigningKey(Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(settings.maxLifetime()) > 0) {
            throw new IllegalArgumentException("grace must be from PT0S to the longest token lifetime, "
                    + AuthSettings.format(settings.maxLifetime()) + "; was " + grace);
        }
        byte[] oldSecret = store.map(Store.REGISTRY).get(KEY_ENTRY).orElseThrow();
        byte[] newSecret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(newSecret);
        Instant until = clock.instant().plus(grace);
        SigningKeys rotated = new SigningKeys(SigningKeys.Key.of(newSecret, Instant.MAX),
                Optional.of(SigningKeys.Key.of(oldSecret, until)));
        IssuedToken admin = sign(rotated.current(), INITIAL_ADMIN_SUBJECT, Role.ADMIN, settings.initialAdminLifetime());
        store.write(batch -> batch.put(Store.REGISTRY, KEY_ENTRY, newSecret)
                .put(Store.REGISTRY, PREVIOUS_KEY_ENTRY, oldSecret)
                .put(Store.REGISTRY, PREVIOUS_KEY_UNTIL_ENTRY, Long.toString(until.getEpochSecond()).getBytes(UTF_8))
                .put(Store.REGISTRY, INITIAL_ADMIN_ENTRY, admin.token().getBytes(UTF_8)));
        keys.set(rotated);
        initialAdmin = admin;
        return admin;
    }

    /** The stored initial admin token if it still verifies, stands for the admin and has not expired. */
    private Optional<IssuedToken> reusableAdminToken(byte[] stored) {
        String token = new String(stored, UTF_8);
        try {
            Principal principal = verify(token);
            boolean usable = principal.role() == Role.ADMIN
                    && INITIAL_ADMIN_SUBJECT.equals(principal.subject())
                    && clock.instant().isBefore(principal.expiresAt());
            return usable ? Optional.of(new IssuedToken(token, principal)) : Optional.empty();
        } catch (InvalidTokenException e) {
            // Expired, signed under a removed key or by another issuer name, or damaged: issue a new one.
            return Optional.empty();
        }
    }

    @Override
    public IssuedToken issue(String subject, Role role, Duration lifetime) {
        checkSubject(subject);
        if (role == null) {
            throw new IllegalArgumentException("role is missing; allowed roles are " + ROLE_NAMES);
        }
        String allowed = AuthSettings.format(settings.minLifetime()) + " to "
                + AuthSettings.format(settings.maxLifetime());
        if (lifetime == null) {
            throw new IllegalArgumentException("lifetime is missing; allowed are " + allowed
                    + " (ISO-8601 durations)");
        }
        if (lifetime.compareTo(settings.minLifetime()) < 0 || lifetime.compareTo(settings.maxLifetime()) > 0) {
            throw new IllegalArgumentException("lifetime " + AuthSettings.format(lifetime)
                    + " is outside the allowed range " + allowed);
        }
        return sign(keys.get().current(), subject, role, lifetime);
    }

    private IssuedToken sign(SigningKeys.Key key, String subject, Role role, Duration lifetime) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .claim(ROLE_CLAIM, roleName(role))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(key.id()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the token", e);
        }
        return new IssuedToken(jwt.serialize(), new Principal(subject, role, tokenId, issuedAt, expiresAt));
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank; give the name the token is issued to"
                    + " (1 to " + MAX_SUBJECT_LENGTH + " characters)");
        }
        int length = subject.codePointCount(0, subject.length());
        if (length > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject is " + length + " characters long; at most "
                    + MAX_SUBJECT_LENGTH + " are allowed");
        }
        if (!subject.equals(subject.strip())) {
            throw new IllegalArgumentException("subject must not start or end with whitespace");
        }
        int position = 0;
        for (int i = 0; i < subject.length(); ) {
            int cp = subject.codePointAt(i);
            position++;
            if (!isAllowedInSubject(cp)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "subject must not contain control or invisible formatting characters"
                                + " (found U+%04X at character %d)", cp, position));
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isAllowedInSubject(int cp) {
        if (Character.isISOControl(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE;
    }

    @Override
    public Principal verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(MALFORMED);
        }
        int firstDot = token.indexOf('.');
        if (firstDot <= 0) {
            throw new InvalidTokenException(MALFORMED);
        }
        // The header is checked before anything else, so that "alg":"none" or any other algorithm is refused
        // explicitly instead of depending on how the library treats it.
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, firstDot)));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(MALFORMED);
        }
        if (!(header instanceof JWSHeader) || !JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw new InvalidTokenException(UNSUPPORTED_ALGORITHM);
        }
        Set<String> critical = header.getCriticalParams();
        if (critical != null && !critical.isEmpty()) {
            throw new InvalidTokenException("unsupported critical header parameters");
        }
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            throw new InvalidTokenException("unsupported token type");
        }

        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(MALFORMED);
        }
        if (!signedByAcceptedKey(jwt, ((JWSHeader) header).getKeyID())) {
            throw new InvalidTokenException(INVALID_SIGNATURE);
        }

        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(MALFORMED);
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException(WRONG_ISSUER);
        }
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new InvalidTokenException("token has no expiry time (exp)");
        }
        if (!now.isBefore(expiry.toInstant().plus(skew))) {
            throw new InvalidTokenException(EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(skew).isBefore(notBefore.toInstant())) {
            throw new InvalidTokenException("token not yet valid");
        }
        Date issued = claims.getIssueTime();
        if (issued == null) {
            throw new InvalidTokenException("token has no issue time (iat)");
        }
        if (now.plus(skew).isBefore(issued.toInstant())) {
            throw new InvalidTokenException("token issued in the future");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("token has no subject (sub)");
        }
        String tokenId = claims.getJWTID();
        if (tokenId == null || tokenId.isBlank()) {
            throw new InvalidTokenException("token has no token id (jti)");
        }
        if (revocations.isRevoked(tokenId)) {
            throw new InvalidTokenException(REVOKED);
        }
        Object roleClaim = claims.getClaim(ROLE_CLAIM);
        if (roleClaim == null) {
            throw new InvalidTokenException("token has no role");
        }
        Role role = roleClaim instanceof String name ? parseRole(name) : null;
        if (role == null) {
            throw new InvalidTokenException("token has an unknown role; known roles are " + ROLE_NAMES);
        }
        return new Principal(subject, role, tokenId, issued.toInstant(), expiry.toInstant());
    }

    private boolean signedByAcceptedKey(SignedJWT jwt, String kid) {
        for (SigningKeys.Key key : keys.get().candidates(kid, clock.instant())) {
            try {
                if (jwt.verify(key.verifier())) {
                    return true;
                }
            } catch (JOSEException | RuntimeException e) {
                // not this key
            }
        }
        return false;
    }

    @Override
    public IssuedToken initialAdminToken() {
        return initialAdmin;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        Instant expiresAt = initialAdmin.principal().expiresAt();
        if (!clock.instant().isBefore(expiresAt)) {
            return new ComponentHealth(COMPONENT, HealthState.DEGRADED, "the initial admin token expired at "
                    + expiresAt + "; a new one is issued when the auth component restarts");
        }
        return new ComponentHealth(COMPONENT, HealthState.UP, "issuing HS256 tokens as '" + settings.issuer() + "'");
    }

    /** Names the issuer only: never the key or a token. */
    @Override
    public String toString() {
        return "JwtTokenService[issuer=" + settings.issuer() + "]";
    }

    /** The role's name in tokens: {@code admin}, {@code operator}, {@code reader}. */
    static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** The role a token names, exactly as {@link #roleName} writes it; {@code null} when unknown. */
    static Role parseRole(String name) {
        for (Role role : Role.values()) {
            if (roleName(role).equals(name)) {
                return role;
            }
        }
        return null;
    }
}
