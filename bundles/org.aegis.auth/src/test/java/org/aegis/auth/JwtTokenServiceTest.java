package org.aegis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.aegis.api.security.InvalidTokenException;
import org.aegis.api.security.IssuedToken;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.store.Store;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokenServiceTest {
    private static final Instant START = Instant.parse("2026-01-01T10:00:00.250Z");

    private InMemoryStore store;
    private MutableClock clock;
    private JwtTokenService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryStore();
        clock = new MutableClock(START);
        service = new JwtTokenService(store, TestConfig.defaults(), clock);
    }

    private JwtTokenService restart() {
        return new JwtTokenService(store, TestConfig.defaults(), clock);
    }

    private byte[] storedKey() {
        return store.map(Store.REGISTRY).get(JwtTokenService.KEY_ENTRY).orElseThrow();
    }

    private String storedAdminToken() {
        return new String(store.map(Store.REGISTRY).get(JwtTokenService.INITIAL_ADMIN_ENTRY).orElseThrow(), UTF_8);
    }

    private static String reason(JwtTokenService s, String token) {
        return assertThrows(InvalidTokenException.class, () -> s.verify(token)).getMessage();
    }

    /** Claims as this service writes them, to be changed by a test. */
    private static JWTClaimsSet.Builder validClaims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("aegis")
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", "operator");
    }

    /** Signs with the key in the store, i.e. as the node itself would. */
    private String signWithNodeKey(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(storedKey()));
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(UTF_8)).toString();
    }

    // --- issue and verify ---

    @ParameterizedTest
    @EnumSource(Role.class)
    void issuedTokenVerifiesForEveryRole(Role role) throws Exception {
        IssuedToken issued = service.issue("alice", role, Duration.ofHours(2));
        Principal principal = service.verify(issued.token());

        assertEquals(issued.principal(), principal);
        assertEquals("alice", principal.subject());
        assertEquals(role, principal.role());
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"), principal.issuedAt());
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), principal.expiresAt());
        assertNotNull(UUID.fromString(principal.tokenId()));
    }

    @Test
    void tokenIsAnHs256JwtWithTheDocumentedClaims() throws Exception {
        IssuedToken issued = service.issue("bob", Role.READER, Duration.ofMinutes(5));
        SignedJWT jwt = SignedJWT.parse(issued.token());

        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("aegis", claims.getIssuer());
        assertEquals("bob", claims.getSubject());
        assertEquals("reader", claims.getStringClaim("role"));
        assertEquals(issued.principal().tokenId(), claims.getJWTID());
        assertEquals(issued.principal().issuedAt(), claims.getIssueTime().toInstant());
        assertEquals(issued.principal().issuedAt(), claims.getNotBeforeTime().toInstant());
        assertEquals(issued.principal().expiresAt(), claims.getExpirationTime().toInstant());
        assertEquals(Set.of("iss", "sub", "iat", "nbf", "exp", "jti", "role"), claims.getClaims().keySet());
    }

    @Test
    void everyTokenHasItsOwnId() {
        IssuedToken a = service.issue("alice", Role.READER, Duration.ofHours(1));
        IssuedToken b = service.issue("alice", Role.READER, Duration.ofHours(1));
        assertNotEquals(a.principal().tokenId(), b.principal().tokenId());
        assertNotEquals(a.token(), b.token());
    }

    // --- time ---

    @Test
    void tokenExpiresAfterItsLifetimePlusClockSkew() throws Exception {
        String token = service.issue("alice", Role.OPERATOR, Duration.ofMinutes(1)).token();
        Instant exp = Instant.parse("2026-01-01T10:01:00Z");

        clock.set(exp);
        service.verify(token);
        clock.set(exp.plusSeconds(29));
        service.verify(token);
        clock.set(exp.plusSeconds(30));
        assertEquals("token expired", reason(service, token));
        clock.advance(Duration.ofDays(400));
        assertEquals("token expired", reason(service, token));
    }

    @Test
    void withoutClockSkewATokenExpiresExactlyAtExp() throws Exception {
        JwtTokenService strict = new JwtTokenService(store, TestConfig.with(Map.of("clockSkewSeconds", 0)), clock);
        String token = strict.issue("alice", Role.OPERATOR, Duration.ofMinutes(1)).token();

        clock.set(Instant.parse("2026-01-01T10:00:59.999Z"));
        strict.verify(token);
        clock.set(Instant.parse("2026-01-01T10:01:00Z"));
        assertEquals("token expired", reason(strict, token));
    }

    @Test
    void tokenFromTheFutureIsRejectedBeyondTheClockSkew() throws Exception {
        String token = service.issue("alice", Role.OPERATOR, Duration.ofMinutes(10)).token();
        clock.set(Instant.parse("2026-01-01T09:59:30Z"));
        service.verify(token);
        clock.set(Instant.parse("2026-01-01T09:59:29Z"));
        assertEquals("token not yet valid", reason(service, token));
    }

    @Test
    void issuedAtInTheFutureIsRejected() throws Exception {
        String token = signWithNodeKey(validClaims(START.plus(Duration.ofMinutes(5))).build());
        assertEquals("token issued in the future", reason(service, token));
    }

    // --- tampering and foreign tokens ---

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = service.issue("alice", Role.READER, Duration.ofHours(1)).token().split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), UTF_8).replace("\"reader\"", "\"admin\"");
        assertTrue(payload.contains("\"admin\""));
        String forged = parts[0] + "." + b64(payload) + "." + parts[2];

        assertEquals("invalid signature", reason(service, forged));
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        String token = service.issue("alice", Role.READER, Duration.ofHours(1)).token();
        int dot = token.lastIndexOf('.');
        char[] chars = token.toCharArray();
        int middle = dot + 10;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';

        assertEquals("invalid signature", reason(service, new String(chars)));
        // An HS256 token with the signature cut off entirely is not even well-formed.
        assertEquals("malformed token", reason(service, token.substring(0, dot + 1)));
        assertEquals("invalid signature", reason(service, token.substring(0, token.length() - 5)));
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        JWTClaimsSet claims = validClaims(START).claim("role", "admin").build();
        String plain = new PlainJWT(claims).serialize();
        assertEquals("unsupported algorithm", reason(service, plain));

        String payload = Base64URL.encode(claims.toString()).toString();
        String signature = service.issue("alice", Role.ADMIN, Duration.ofHours(1)).token().split("\\.")[2];
        for (String alg : List.of("none", "None", "NONE", "")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
            assertEquals("unsupported algorithm", reason(service, header + "." + payload + "."), alg);
            assertEquals("unsupported algorithm", reason(service, header + "." + payload + "." + signature), alg);
        }
        String plainHeader = new PlainHeader().toBase64URL().toString();
        assertEquals("unsupported algorithm", reason(service, plainHeader + "." + payload + "." + signature));
    }

    @Test
    void otherAlgorithmsAreRejected() throws Exception {
        String[] parts = service.issue("alice", Role.ADMIN, Duration.ofHours(1)).token().split("\\.");
        for (String alg : List.of("HS384", "HS512", "RS256", "ES256", "EdDSA", "PS256", "hs256", "HS256 ")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
            assertEquals("unsupported algorithm", reason(service, header + "." + parts[1] + "." + parts[2]), alg);
        }
        // An encrypted token (JWE) whose header names HS256 as key management algorithm is no JWS.
        String jweHeader = b64("{\"alg\":\"HS256\",\"enc\":\"A256GCM\"}");
        assertEquals("unsupported algorithm", reason(service, jweHeader + ".a.b.c.d"));
    }

    @Test
    void tokenOfAnotherNodeIsRejected() {
        JwtTokenService other = new JwtTokenService(new InMemoryStore(), TestConfig.defaults(), clock);
        String foreign = other.issue("alice", Role.ADMIN, Duration.ofHours(1)).token();

        assertEquals("invalid signature", reason(service, foreign));
        assertEquals("invalid signature", reason(service, other.initialAdminToken().token()));
        assertFalse(new String(storedKey(), UTF_8).isEmpty());
    }

    @Test
    void tokenWithAnotherIssuerIsRejected() throws Exception {
        JwtTokenService other = new JwtTokenService(store, TestConfig.with(Map.of("issuer", "elsewhere")), clock);
        String token = other.issue("alice", Role.ADMIN, Duration.ofHours(1)).token();
        other.verify(token);

        assertEquals("wrong issuer", reason(service, token));
        assertEquals("wrong issuer", reason(service, signWithNodeKey(validClaims(START).issuer(null).build())));
    }

    @Test
    void criticalHeaderParametersAndForeignTypesAreRejected() throws Exception {
        JWTClaimsSet claims = validClaims(START).build();
        JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.HS256).customParam("exp-check", true)
                .criticalParams(Set.of("exp-check")).build();
        SignedJWT critJwt = new SignedJWT(crit, claims);
        critJwt.sign(new MACSigner(storedKey()));
        assertEquals("unsupported critical header parameters", reason(service, critJwt.serialize()));

        SignedJWT typed = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(), claims);
        typed.sign(new MACSigner(storedKey()));
        assertEquals("unsupported token type", reason(service, typed.serialize()));

        // Neither typ nor crit: accepted.
        assertEquals(Role.OPERATOR, service.verify(signWithNodeKey(claims)).role());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "a.b", "a.b.c", "..", ".x.y", "eyJ.eyJ.sig", "not a token at all",
            "Bearer abc.def.ghi"})
    void malformedTokensAreRejected(String token) {
        assertEquals("malformed token", reason(service, token));
    }

    @Test
    void oversizedTokenIsNotEvenParsed() {
        String[] parts = service.issue("alice", Role.ADMIN, Duration.ofHours(1)).token().split("\\.");
        String padded = parts[0] + "." + parts[1] + "x".repeat(10_000) + "." + parts[2];
        assertEquals("malformed token", reason(service, padded));
    }

    @Test
    void nullAndStructurallyBrokenTokensAreMalformed() throws Exception {
        assertEquals("malformed token", reason(service, null));
        String[] parts = service.issue("alice", Role.ADMIN, Duration.ofHours(1)).token().split("\\.");
        assertEquals("malformed token", reason(service, parts[0] + "." + parts[1]));
        assertEquals("malformed token", reason(service, parts[0] + "." + parts[1] + "." + parts[2] + ".x"));
        assertEquals("malformed token", reason(service, b64("[1,2]") + "." + parts[1] + "." + parts[2]));
        assertEquals("malformed token", reason(service, b64("{\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]));
    }

    @Test
    void payloadThatIsNoClaimsSetIsMalformed() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), validClaims(START).build());
        String header = jwt.getHeader().toBase64URL().toString();
        String payload = b64("[\"not\",\"claims\"]");
        String signature = new MACSigner(storedKey())
                .sign(jwt.getHeader(), (header + "." + payload).getBytes(UTF_8)).toString();
        assertEquals("malformed token", reason(service, header + "." + payload + "." + signature));
    }

    // --- claims ---

    @Test
    void missingOrUnknownClaimsAreNamed() throws Exception {
        assertEquals("token has no role",
                reason(service, signWithNodeKey(validClaims(START).claim("role", null).build())));
        for (Object role : List.of("root", "ADMIN", "Admin", " admin", "", 2, List.of("admin"))) {
            assertEquals("token has an unknown role; known roles are reader, operator, admin",
                    reason(service, signWithNodeKey(validClaims(START).claim("role", role).build())), role.toString());
        }
        assertEquals("token has no subject (sub)",
                reason(service, signWithNodeKey(validClaims(START).subject(null).build())));
        assertEquals("token has no subject (sub)",
                reason(service, signWithNodeKey(validClaims(START).subject(" ").build())));
        assertEquals("token has no token id (jti)",
                reason(service, signWithNodeKey(validClaims(START).jwtID(null).build())));
        assertEquals("token has no expiry time (exp)",
                reason(service, signWithNodeKey(validClaims(START).expirationTime(null).build())));
        assertEquals("token has no issue time (iat)",
                reason(service, signWithNodeKey(validClaims(START).issueTime(null).build())));
    }

    // --- issue's arguments ---

    @Test
    void lifetimeMustBeWithinTheConfiguredBounds() {
        service.issue("alice", Role.READER, Duration.ofMinutes(1));
        service.issue("alice", Role.READER, Duration.ofDays(365));

        for (Duration bad : List.of(Duration.ofSeconds(59), Duration.ofDays(365).plusSeconds(1), Duration.ZERO,
                Duration.ofMinutes(-5), Duration.ofDays(100_000))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> service.issue("alice", Role.READER, bad));
            assertTrue(e.getMessage().contains("outside the allowed range PT1M to P365D"), e.getMessage());
        }
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> service.issue("alice", Role.READER, Duration.ofDays(366)));
        assertEquals("lifetime P366D is outside the allowed range PT1M to P365D", tooLong.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> service.issue("alice", Role.READER, null));
        assertTrue(missing.getMessage().startsWith("lifetime is missing; allowed are PT1M to P365D"));
    }

    @Test
    void configuredBoundsApply() {
        JwtTokenService narrow = new JwtTokenService(new InMemoryStore(), TestConfig.with(Map.of(
                "minLifetime", "PT5M", "maxLifetime", "PT1H", "initialAdminLifetime", "PT1H")), clock);
        narrow.issue("alice", Role.READER, Duration.ofMinutes(5));
        narrow.issue("alice", Role.READER, Duration.ofHours(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> narrow.issue("alice", Role.READER, Duration.ofHours(2)));
        assertEquals("lifetime PT2H is outside the allowed range PT5M to PT1H", e.getMessage());
        assertEquals(Duration.ofHours(1), Duration.between(narrow.initialAdminToken().principal().issuedAt(),
                narrow.initialAdminToken().principal().expiresAt()));
    }

    @Test
    void roleIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.issue("alice", null, Duration.ofHours(1)));
        assertEquals("role is missing; allowed roles are reader, operator, admin", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", " alice", "alice ", "ali\nce", "ali\u0000ce", "\u0007", "a\u202Eb",
            "a\u200Bb", "a\u2028b", "a\u007Fb", "a\u0085b", "\uD800x"})
    void badSubjectsAreRejected(String subject) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.issue(subject, Role.READER, Duration.ofHours(1)));
        assertTrue(e.getMessage().startsWith("subject must not"), e.getMessage());
    }

    @Test
    void subjectLengthIsLimited() throws Exception {
        assertEquals("x".repeat(128),
                service.verify(service.issue("x".repeat(128), Role.READER, Duration.ofHours(1)).token()).subject());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.issue("x".repeat(129), Role.READER, Duration.ofHours(1)));
        assertEquals("subject is 129 characters long; at most 128 are allowed", e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> service.issue(null, Role.READER, Duration.ofHours(1)));
        assertTrue(missing.getMessage().startsWith("subject must not be blank"));
    }

    @Test
    void controlCharacterMessageSaysWhereItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.issue("ab\u0001", Role.READER, Duration.ofHours(1)));
        assertEquals("subject must not contain control or invisible formatting characters (found U+0001 at"
                + " character 3)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Jürgen Müller", "svc:metrics-exporter", "user@example.org", "名前",
            "robot \uD83E\uDD16", "a b"})
    void ordinarySubjectsAreAccepted(String subject) throws Exception {
        assertEquals(subject, service.verify(service.issue(subject, Role.READER, Duration.ofHours(1)).token())
                .subject());
    }

    // --- key and initial admin token in the store ---

    @Test
    void firstStartStoresA256BitKeyAndTheInitialAdminTokenInOneWrite() throws Exception {
        assertEquals(32, storedKey().length);
        assertEquals(1, store.commits());

        IssuedToken admin = service.initialAdminToken();
        assertEquals(storedAdminToken(), admin.token());
        assertEquals("admin", admin.principal().subject());
        assertEquals(Role.ADMIN, admin.principal().role());
        assertEquals(Duration.ofDays(365),
                Duration.between(admin.principal().issuedAt(), admin.principal().expiresAt()));
        assertEquals(admin.principal(), service.verify(admin.token()));
    }

    @Test
    void keysDifferBetweenNodes() {
        InMemoryStore other = new InMemoryStore();
        new JwtTokenService(other, TestConfig.defaults(), clock);
        assertFalse(java.util.Arrays.equals(storedKey(),
                other.map(Store.REGISTRY).get(JwtTokenService.KEY_ENTRY).orElseThrow()));
    }

    @Test
    void keyAndInitialAdminTokenSurviveARestart() throws Exception {
        byte[] key = storedKey();
        IssuedToken admin = service.initialAdminToken();
        IssuedToken issued = service.issue("alice", Role.OPERATOR, Duration.ofDays(30));
        int writes = store.commits();

        clock.advance(Duration.ofDays(10));
        JwtTokenService restarted = restart();

        assertArrayEquals(key, storedKey());
        assertEquals(writes, store.commits(), "a restart writes nothing");
        assertEquals(admin.token(), restarted.initialAdminToken().token());
        assertEquals(admin.principal(), restarted.initialAdminToken().principal());
        assertEquals(issued.principal(), restarted.verify(issued.token()));
        assertEquals(admin.principal(), restarted.verify(admin.token()));
        // And tokens issued after the restart verify on the old instance too: same key.
        service.verify(restarted.issue("bob", Role.READER, Duration.ofHours(1)).token());
    }

    @Test
    void expiredInitialAdminTokenIsReplacedAtStart() throws Exception {
        IssuedToken first = service.initialAdminToken();
        byte[] key = storedKey();

        clock.set(first.principal().expiresAt());
        JwtTokenService restarted = restart();
        IssuedToken second = restarted.initialAdminToken();

        assertNotEquals(first.token(), second.token());
        assertEquals(second.token(), storedAdminToken());
        assertEquals(first.principal().expiresAt(), second.principal().issuedAt());
        assertEquals(Role.ADMIN, restarted.verify(second.token()).role());
        assertArrayEquals(key, storedKey(), "the key is never replaced");
        clock.advance(Duration.ofMinutes(1));
        assertEquals("token expired", reason(restarted, first.token()));
    }

    @Test
    void damagedInitialAdminTokenIsReplacedAtStart() throws Exception {
        byte[] key = storedKey();
        store.preload(Store.REGISTRY, JwtTokenService.INITIAL_ADMIN_ENTRY, "garbage".getBytes(UTF_8));

        JwtTokenService restarted = restart();

        assertEquals(restarted.initialAdminToken().token(), storedAdminToken());
        assertEquals(Role.ADMIN, restarted.verify(storedAdminToken()).role());
        assertArrayEquals(key, storedKey());
    }

    @Test
    void storedTokenOfAnotherSubjectIsNotTakenForTheInitialAdminToken() throws Exception {
        String reader = service.issue("admin", Role.READER, Duration.ofDays(30)).token();
        store.preload(Store.REGISTRY, JwtTokenService.INITIAL_ADMIN_ENTRY, reader.getBytes(UTF_8));

        JwtTokenService restarted = restart();

        assertNotEquals(reader, restarted.initialAdminToken().token());
        assertEquals(Role.ADMIN, restarted.initialAdminToken().principal().role());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 31, 33, 64})
    void storedKeyOfTheWrongLengthRefusesToStartAndIsLeftAlone(int length) {
        InMemoryStore damaged = new InMemoryStore();
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (0xA0 + i);
        }
        damaged.preload(Store.REGISTRY, JwtTokenService.KEY_ENTRY, key);
        int writes = damaged.commits();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JwtTokenService(damaged, TestConfig.defaults(), clock));

        assertTrue(e.getMessage().contains("auth/jwt-hs256-key"), e.getMessage());
        assertTrue(e.getMessage().contains("is " + length + " bytes long"), e.getMessage());
        assertTrue(e.getMessage().contains("must be 32 bytes"), e.getMessage());
        assertArrayEquals(key, damaged.map(Store.REGISTRY).get(JwtTokenService.KEY_ENTRY).orElseThrow());
        assertEquals(writes, damaged.commits());
        assertTrue(damaged.map(Store.REGISTRY).get(JwtTokenService.INITIAL_ADMIN_ENTRY).isEmpty());
        if (length > 0) {
            assertFalse(e.getMessage().contains(HexFormat.of().formatHex(key)));
            assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(key)));
        }
    }

    @Test
    void invalidConfigurationTouchesNothing() {
        InMemoryStore fresh = new InMemoryStore();
        assertThrows(IllegalArgumentException.class,
                () -> new JwtTokenService(fresh, TestConfig.with(Map.of("maxLifetime", "forever")), clock));
        assertEquals(0, fresh.commits());
        assertTrue(fresh.mapNames().isEmpty());
    }

    // --- secrets stay secret ---

    @Test
    void neitherTokenNorKeyAppearsInTextThatMayBeLogged() {
        IssuedToken issued = service.issue("alice", Role.ADMIN, Duration.ofHours(1));
        String key = Base64URL.encode(storedKey()).toString();
        String keyHex = HexFormat.of().formatHex(storedKey());
        String[] parts = issued.token().split("\\.");

        for (String text : List.of(service.toString(), issued.toString(), service.initialAdminToken().toString(),
                service.health().toString())) {
            assertFalse(text.contains(parts[2]), text);
            assertFalse(text.contains(parts[1]), text);
            assertFalse(text.contains(key), text);
            assertFalse(text.contains(keyHex), text);
        }
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA" + parts[2].substring(24);
        for (String bad : List.of(tampered, parts[0] + "." + parts[1], "{\"alg\":\"none\"}." + parts[1] + ".")) {
            String message = reason(service, bad);
            assertFalse(message.contains(parts[1]), message);
        }
    }

    // --- health ---

    @Test
    void reportsHealthAsAuth() {
        assertEquals("auth", service.component());
        ComponentHealth health = service.health();
        assertEquals("auth", health.component());
        assertEquals(HealthState.UP, health.state());

        clock.set(service.initialAdminToken().principal().expiresAt());
        assertEquals(HealthState.DEGRADED, service.health().state());
        assertTrue(service.health().detail().contains("initial admin token expired"));
    }
}
