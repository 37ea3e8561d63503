package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.transport.libp2p.multiformats.Base58;
import org.aegis.transport.libp2p.proto.Rpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gossipsub v1.1 router ({@value GossipConfig#PROTOCOL_ID}) without any I/O: the connection stack reports peers
 * and hands in de-framed RPCs, the router answers through each peer's {@link RpcSender}.
 *
 * <p>All state is confined to one {@link SerialExecutor} over the caller's scheduler: every public method only
 * enqueues work and returns at once, so it is safe to call from any thread, Netty event loops included. The
 * heartbeat and the score decay run on the same scheduler. Each subscription's handler is called in message order
 * on its own serial executor, so a slow handler delays neither routing nor other handlers.
 */
public final class GossipRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);
    /** A PRUNE asking for a longer backoff than this is treated as asking for this. */
    private static final long MAX_BACKOFF_SECONDS = Duration.ofHours(1).toSeconds();

    private final GossipConfig config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor serial;
    private final Random random;
    private final RpcDecoder decoder;
    private final MessageSigning signing;
    private final String selfId;
    private final PeerScore score;
    private final MessageCache mcache;
    private final SeenCache seen;
    private final GossipPromises promises;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger pendingRpcs = new AtomicInteger();
    private final AtomicLong droppedInbound = new AtomicLong();
    /** Messages delivered here the first time, and copies of them dropped as already seen; read from any thread. */
    private final LongAdder deliveredMessages = new LongAdder();
    private final LongAdder duplicateMessages = new LongAdder();

    // confined to `serial`
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<String, Set<String>> topicPeers = new HashMap<>();
    private final Map<String, List<Subscription>> subscriptions = new HashMap<>();
    private final Map<String, Set<String>> mesh = new HashMap<>();
    private final Map<String, Set<String>> fanout = new HashMap<>();
    private final Map<String, Instant> fanoutLastPublished = new HashMap<>();
    private final Map<String, Map<String, Instant>> backoff = new HashMap<>();
    private final Map<String, Rpc.ControlMessage.Builder> pendingControl = new LinkedHashMap<>();
    private long seqno;
    private long heartbeats;
    private long malformedRpcs;
    private long invalidMessages;
    private long graylistedRpcs;
    private long droppedOutbound;

    /**
     * Starts the router; its heartbeat runs every {@link GossipConfig#heartbeatInterval()} until {@link #close()}.
     *
     * @param config    the protocol parameters
     * @param identity  signs our messages and verifies everyone's
     * @param scheduler runs the router's work and its timers; owned by the caller, who shuts it down after close
     * @param clock     the time of backoffs, caches and scores
     */
    public GossipRouter(GossipConfig config, NodeIdentity identity, ScheduledExecutorService scheduler, Clock clock) {
        this(config, identity, scheduler, clock, new Random());
    }

    GossipRouter(GossipConfig config, NodeIdentity identity, ScheduledExecutorService scheduler, Clock clock,
                 Random random) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.serial = new SerialExecutor(scheduler);
        this.decoder = new RpcDecoder(config);
        this.signing = new MessageSigning(Objects.requireNonNull(identity, "identity"));
        this.selfId = identity.peerId();
        this.score = new PeerScore(config.scoreParams(), clock, config.seenTtl());
        this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip());
        this.seen = new SeenCache(config.seenTtl());
        this.promises = new GossipPromises(random);
        this.seqno = clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
        long heartbeat = config.heartbeatInterval().toNanos();
        long decay = config.scoreParams().decayInterval().toNanos();
        timers.add(scheduler.scheduleAtFixedRate(() -> serial.execute(this::heartbeat),
                heartbeat, heartbeat, TimeUnit.NANOSECONDS));
        timers.add(scheduler.scheduleAtFixedRate(() -> serial.execute(score::decay),
                decay, decay, TimeUnit.NANOSECONDS));
    }

    /** A peer whose pubsub stream opened; same as an inbound connection of unknown address. */
    public void peerConnected(String peerId, RpcSender sender) {
        peerConnected(peerId, sender, Direction.INBOUND, null);
    }

    /**
     * A peer whose pubsub stream opened. It receives our subscriptions at once.
     *
     * @param direction who dialed: outbound peers fill the mesh's {@link GossipConfig#dOut()} quota
     * @param address   the peer's IP for the colocation penalty P₆, or null when unknown
     */
    public void peerConnected(String peerId, RpcSender sender, Direction direction, InetAddress address) {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(direction, "direction");
        serial.execute(() -> {
            if (closed.get()) {
                return;
            }
            Peer known = peers.get(peerId);
            if (known != null) {
                LOG.debug("Pubsub peer {} reconnected; its new stream replaces the old one", peerId);
                known.sender = sender;
                known.direction = direction;
            } else {
                peers.put(peerId, new Peer(peerId, sender, direction));
                score.connected(peerId, address);
            }
            if (!subscriptions.isEmpty()) {
                Rpc.RPC.Builder hello = Rpc.RPC.newBuilder();
                subscriptions.keySet().forEach(topic -> hello.addSubscriptions(subOpts(topic, true)));
                send(peers.get(peerId), hello.build());
            }
        });
    }

    public void peerDisconnected(String peerId) {
        serial.execute(() -> {
            Peer peer = peers.remove(peerId);
            if (peer == null) {
                return;
            }
            for (String topic : peer.topics) {
                removeTopicPeer(topic, peerId);
            }
            mesh.values().forEach(members -> members.remove(peerId));
            fanout.values().forEach(members -> members.remove(peerId));
            pendingControl.remove(peerId);
            score.disconnected(peerId);
        });
    }

    /**
     * One RPC from {@code peerId}, without its length prefix. The router takes ownership of the array. A malformed
     * RPC is logged, counted against the peer and dropped; nothing here throws.
     */
    public void rpcReceived(String peerId, byte[] rpc) {
        if (closed.get()) {
            return;
        }
        if (pendingRpcs.incrementAndGet() > config.maxPendingRpcs()) {
            pendingRpcs.decrementAndGet();
            droppedInbound.incrementAndGet();
            LOG.debug("Dropped an RPC from {}: {} RPCs already wait for the router", peerId, config.maxPendingRpcs());
            return;
        }
        serial.execute(() -> {
            pendingRpcs.decrementAndGet();
            handleRpc(peerId, rpc);
        });
    }

    /** Delivers the messages of {@code topic} to {@code handler} until the registration is closed. */
    public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handler, "handler");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("the topic is empty");
        }
        if (closed.get()) {
            throw new IllegalStateException("the gossipsub router is closed");
        }
        Subscription subscription = new Subscription(topic, handler, new SerialExecutor(scheduler));
        serial.execute(() -> {
            if (closed.get() || subscription.closed.get()) {
                return;
            }
            List<Subscription> handlers = subscriptions.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
            handlers.add(subscription);
            if (handlers.size() == 1) {
                join(topic);
            }
        });
        return subscription;
    }

    /**
     * Signs and publishes {@code data} on {@code topic}. Completes once the message is handed to the peers'
     * senders; our own subscribers do not receive it. Fails when the message exceeds {@link
     * GossipConfig#maxRpcSize()} or the router is closed.
     */
    public CompletionStage<Void> publish(String topic, byte[] data) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(data, "data");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (topic.isEmpty()) {
            done.completeExceptionally(new IllegalArgumentException("the topic is empty"));
            return done;
        }
        byte[] payload = data.clone();
        serial.execute(() -> {
            try {
                publishNow(topic, payload);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (closed.get()) {
            done.completeExceptionally(new IllegalStateException("the gossipsub router is closed"));
        }
        return done;
    }

    /** Messages from the network delivered the first time, from any thread. */
    public long deliveredMessages() {
        return deliveredMessages.sum();
    }

    /** Copies of messages already seen, dropped, from any thread. */
    public long duplicateMessages() {
        return duplicateMessages.sum();
    }

    /** The router's state, taken on its executor. */
    public CompletionStage<GossipSnapshot> snapshot() {
        CompletableFuture<GossipSnapshot> result = new CompletableFuture<>();
        serial.execute(() -> result.complete(new GossipSnapshot(
                Set.copyOf(subscriptions.keySet()), copy(mesh), copy(fanout),
                peers.values().stream().collect(Collectors.toUnmodifiableMap(p -> p.id, p -> Set.copyOf(p.topics))),
                peers.keySet().stream().collect(Collectors.toUnmodifiableMap(id -> id, score::score)),
                malformedRpcs, invalidMessages, duplicateMessages.sum(), graylistedRpcs, droppedInbound.get(),
                droppedOutbound, serial.failures())));
        return result;
    }

    /** Stops the heartbeat and drops all state; the scheduler stays the caller's. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timers.forEach(timer -> timer.cancel(false));
        serial.execute(() -> {
            subscriptions.values().forEach(handlers -> handlers.forEach(s -> s.closed.set(true)));
            subscriptions.clear();
            peers.clear();
            topicPeers.clear();
            mesh.clear();
            fanout.clear();
            pendingControl.clear();
        });
    }

    // ---- receiving

    private void handleRpc(String peerId, byte[] bytes) {
        Peer peer = peers.get(peerId);
        if (closed.get() || peer == null) {
            LOG.debug("Ignored an RPC from {}, which is not a connected pubsub peer", peerId);
            return;
        }
        if (score.score(peerId) < config.thresholds().graylistThreshold()) {
            graylistedRpcs++;
            LOG.debug("Ignored an RPC from graylisted peer {}", peerId);
            return;
        }
        Rpc.RPC rpc;
        try {
            rpc = decoder.decode(bytes);
        } catch (MalformedRpcException e) {
            malformedRpcs++;
            score.addPenalty(peerId, 1);
            LOG.warn("Pubsub protocol error from {}: {}; the RPC is dropped", peerId, e.getMessage());
            return;
        }
        for (Rpc.RPC.SubOpts sub : rpc.getSubscriptionsList()) {
            handleSubscription(peer, sub.getTopicid(), sub.getSubscribe());
        }
        for (Rpc.Message message : rpc.getPublishList()) {
            handleMessage(peer, message);
        }
        if (rpc.hasControl()) {
            handleControl(peer, rpc.getControl());
        }
        flushControl();
    }

    private void handleSubscription(Peer peer, String topic, boolean subscribe) {
        if (subscribe) {
            if (peer.topics.size() >= config.maxTopicsPerPeer() && !peer.topics.contains(topic)) {
                LOG.debug("Ignored the subscription of {} to {}: it is in {} topics already", peer.id, topic,
                        peer.topics.size());
                return;
            }
            peer.topics.add(topic);
            topicPeers.computeIfAbsent(topic, t -> new HashSet<>()).add(peer.id);
        } else if (peer.topics.remove(topic)) {
            removeTopicPeer(topic, peer.id);
            Set<String> members = mesh.get(topic);
            if (members != null && members.remove(peer.id)) {
                score.pruned(peer.id, topic);
            }
            Set<String> fanoutMembers = fanout.get(topic);
            if (fanoutMembers != null) {
                fanoutMembers.remove(peer.id);
            }
        }
    }

    private void handleMessage(Peer source, Rpc.Message message) {
        String topic = message.getTopic();
        if (!subscriptions.containsKey(topic)) {
            LOG.debug("Ignored a message from {} on {}, which we are not subscribed to", source.id, topic);
            return;
        }
        ByteString id = MessageSigning.messageId(message);
        if (seen.contains(id)) {
            duplicateMessages.increment();
            score.duplicateDelivery(source.id, id, topic);
            return;
        }
        if (message.getFrom().equals(signing.self())) {
            LOG.debug("Ignored a message from {} that claims to be ours and that we never published", source.id);
            score.invalidDelivery(source.id, topic);
            invalidMessages++;
            return;
        }
        var rejection = signing.rejection(message);
        if (rejection.isPresent()) {
            invalidMessages++;
            score.invalidDelivery(source.id, topic);
            LOG.debug("Rejected a message from {} on {}: {}", source.id, topic, rejection.get());
            return;
        }
        seen.add(id, clock.instant());
        mcache.put(id, message);
        score.firstDelivery(source.id, id, topic);
        promises.delivered(id);
        deliveredMessages.increment();
        String author = Base58.encode(message.getFrom().toByteArray());
        deliverLocally(topic, author, message.getData());
        Rpc.RPC forward = Rpc.RPC.newBuilder().addPublish(message).build();
        for (String peerId : mesh.getOrDefault(topic, Set.of())) {
            if (!peerId.equals(source.id) && !peerId.equals(author)) {
                send(peers.get(peerId), forward);
            }
        }
    }

    private void handleControl(Peer peer, Rpc.ControlMessage control) {
        boolean gossipAccepted = score.score(peer.id) >= config.thresholds().gossipThreshold();
        List<ByteString> wanted = gossipAccepted ? handleIHave(peer, control.getIhaveList()) : List.of();
        List<Rpc.Message> requested = gossipAccepted ? handleIWant(peer, control.getIwantList()) : List.of();
        for (Rpc.ControlGraft graft : control.getGraftList()) {
            handleGraft(peer, graft.getTopicID());
        }
        for (Rpc.ControlPrune prune : control.getPruneList()) {
            handlePrune(peer, prune);
        }
        if (!wanted.isEmpty()) {
            control(peer.id).addIwant(Rpc.ControlIWant.newBuilder().addAllMessageIDs(wanted));
        }
        sendMessages(peer, requested);
    }

    private List<ByteString> handleIHave(Peer peer, List<Rpc.ControlIHave> ihaves) {
        if (ihaves.isEmpty()) {
            return List.of();
        }
        peer.iHavesThisHeartbeat++;
        if (peer.iHavesThisHeartbeat > config.maxIHaveMessages()) {
            LOG.debug("Ignored IHAVE from {}: more than {} this heartbeat", peer.id, config.maxIHaveMessages());
            return List.of();
        }
        if (peer.askedThisHeartbeat >= config.maxIHaveLength()) {
            LOG.debug("Ignored IHAVE from {}: {} messages asked of it this heartbeat", peer.id,
                    peer.askedThisHeartbeat);
            return List.of();
        }
        Set<ByteString> unseen = new LinkedHashSet<>();
        for (Rpc.ControlIHave ihave : ihaves) {
            if (mesh.containsKey(ihave.getTopicID())) {
                for (ByteString id : ihave.getMessageIDsList()) {
                    if (!seen.contains(id)) {
                        unseen.add(id);
                    }
                }
            }
        }
        if (unseen.isEmpty()) {
            return List.of();
        }
        List<ByteString> wanted = new ArrayList<>(unseen);
        Collections.shuffle(wanted, random);
        int allowed = Math.min(wanted.size(), config.maxIHaveLength() - peer.askedThisHeartbeat);
        wanted = List.copyOf(wanted.subList(0, allowed));
        peer.askedThisHeartbeat += allowed;
        promises.expect(peer.id, wanted, clock.instant().plus(config.iwantFollowupTime()));
        return wanted;
    }

    private List<Rpc.Message> handleIWant(Peer peer, List<Rpc.ControlIWant> iwants) {
        Map<ByteString, Rpc.Message> answer = new LinkedHashMap<>();
        for (Rpc.ControlIWant iwant : iwants) {
            for (ByteString id : iwant.getMessageIDsList()) {
                if (!answer.containsKey(id)) {
                    mcache.getForPeer(id, peer.id, config.gossipRetransmission())
                            .ifPresent(message -> answer.put(id, message));
                }
            }
        }
        return List.copyOf(answer.values());
    }

    private void handleGraft(Peer peer, String topic) {
        Set<String> members = mesh.get(topic);
        if (members == null || members.contains(peer.id)) {
            return; // a GRAFT for a topic we are not in is ignored (v1.1 spam protection)
        }
        Instant now = clock.instant();
        if (backedOff(topic, peer.id, now)) {
            LOG.debug("{} grafted {} during its backoff; penalised and pruned", peer.id, topic);
            score.addPenalty(peer.id, 1);
            prune(peer.id, topic, config.pruneBackoff());
        } else if (score.score(peer.id) < 0) {
            prune(peer.id, topic, config.pruneBackoff());
        } else if (members.size() >= config.dHigh() && peer.direction != Direction.OUTBOUND) {
            prune(peer.id, topic, config.pruneBackoff());
        } else {
            members.add(peer.id);
            score.grafted(peer.id, topic);
        }
    }

    private void handlePrune(Peer peer, Rpc.ControlPrune prune) {
        String topic = prune.getTopicID();
        Set<String> members = mesh.get(topic);
        if (members != null && members.remove(peer.id)) {
            score.pruned(peer.id, topic);
        }
        long seconds = prune.hasBackoff() ? prune.getBackoff() : config.pruneBackoff().toSeconds();
        if (seconds < 0 || seconds > MAX_BACKOFF_SECONDS) {
            seconds = MAX_BACKOFF_SECONDS;
        }
        // one heartbeat of slack, so that our next graft cannot reach the peer before its own backoff ends
        addBackoff(topic, peer.id, Duration.ofSeconds(seconds).plus(config.heartbeatInterval()));
        if (prune.getPeersCount() > 0) {
            LOG.debug("Ignored {} peer-exchange peers from {}: this router does not dial", prune.getPeersCount(),
                    peer.id);
        }
    }

    // ---- our own actions

    private void join(String topic) {
        Rpc.RPC announce = Rpc.RPC.newBuilder().addSubscriptions(subOpts(topic, true)).build();
        peers.values().forEach(peer -> send(peer, announce));
        Instant now = clock.instant();
        Set<String> members = new HashSet<>();
        Set<String> fanoutMembers = fanout.remove(topic);
        fanoutLastPublished.remove(topic);
        if (fanoutMembers != null) {
            for (String peerId : fanoutMembers) {
                if (members.size() < config.d() && score.score(peerId) >= 0 && !backedOff(topic, peerId, now)) {
                    members.add(peerId);
                }
            }
        }
        members.addAll(select(topic, config.d() - members.size(),
                peerId -> !members.contains(peerId) && score.score(peerId) >= 0 && !backedOff(topic, peerId, now)));
        mesh.put(topic, members);
        for (String peerId : members) {
            graft(peerId, topic);
        }
        flushControl();
    }

    private void leave(String topic) {
        Set<String> members = mesh.remove(topic);
        if (members != null) {
            for (String peerId : members) {
                score.pruned(peerId, topic);
                prune(peerId, topic, config.unsubscribeBackoff());
            }
        }
        Rpc.RPC announce = Rpc.RPC.newBuilder().addSubscriptions(subOpts(topic, false)).build();
        peers.values().forEach(peer -> send(peer, announce));
        flushControl();
    }

    private void publishNow(String topic, byte[] data) {
        if (closed.get()) {
            throw new IllegalStateException("the gossipsub router is closed");
        }
        Rpc.Message message = signing.sign(topic, data, seqno++);
        Rpc.RPC rpc = Rpc.RPC.newBuilder().addPublish(message).build();
        if (rpc.getSerializedSize() > config.maxRpcSize()) {
            throw new IllegalArgumentException("a message of " + data.length + " bytes exceeds the RPC limit of "
                    + config.maxRpcSize() + " bytes");
        }
        ByteString id = MessageSigning.messageId(message);
        seen.add(id, clock.instant());
        mcache.put(id, message);
        // like js-libp2p's default (emitSelf off) and the memory transport: a node does not hear itself
        for (String peerId : publishTargets(topic)) {
            send(peers.get(peerId), rpc);
        }
    }

    private Collection<String> publishTargets(String topic) {
        double threshold = config.thresholds().publishThreshold();
        if (config.floodPublish()) {
            return topicPeers.getOrDefault(topic, Set.of()).stream()
                    .filter(peerId -> score.score(peerId) >= threshold)
                    .toList();
        }
        Set<String> members = mesh.get(topic);
        if (members != null) {
            return members;
        }
        fanoutLastPublished.put(topic, clock.instant());
        Set<String> targets = fanout.computeIfAbsent(topic, t -> new HashSet<>());
        if (targets.isEmpty()) {
            targets.addAll(select(topic, config.d(), peerId -> score.score(peerId) >= threshold));
        }
        return targets;
    }

    private void deliverLocally(String topic, String author, ByteString data) {
        for (Subscription subscription : subscriptions.getOrDefault(topic, List.of())) {
            subscription.deliver(new PubSubMessage(topic, author, data.toByteArray()));
        }
    }

    private void unsubscribe(Subscription subscription) {
        serial.execute(() -> {
            List<Subscription> handlers = subscriptions.get(subscription.topic);
            if (handlers != null && handlers.remove(subscription) && handlers.isEmpty()) {
                subscriptions.remove(subscription.topic);
                leave(subscription.topic);
            }
        });
    }

    // ---- heartbeat

    private void heartbeat() {
        if (closed.get()) {
            return;
        }
        heartbeats++;
        Instant now = clock.instant();
        for (Peer peer : peers.values()) {
            peer.iHavesThisHeartbeat = 0;
            peer.askedThisHeartbeat = 0;
        }
        promises.collectBroken(now).forEach((peerId, broken) -> {
            LOG.debug("{} broke {} IWANT promises", peerId, broken);
            score.addPenalty(peerId, broken);
        });
        backoff.values().forEach(byPeer -> byPeer.values().removeIf(until -> !until.isAfter(now)));
        backoff.values().removeIf(Map::isEmpty);

        Map<String, Double> scores = new HashMap<>();
        for (Map.Entry<String, Set<String>> entry : mesh.entrySet()) {
            maintainMesh(entry.getKey(), entry.getValue(), now, scores);
            emitGossip(entry.getKey(), entry.getValue(), scores);
        }
        maintainFanout(now, scores);
        flushControl();
        mcache.shift();
        seen.expire(now);
    }

    private void maintainMesh(String topic, Set<String> members, Instant now, Map<String, Double> scores) {
        for (String peerId : List.copyOf(members)) {
            if (scoreOf(peerId, scores) < 0) {
                members.remove(peerId);
                score.pruned(peerId, topic);
                prune(peerId, topic, config.pruneBackoff());
            }
        }
        Predicate<String> graftable = peerId -> !members.contains(peerId) && !backedOff(topic, peerId, now)
                && scoreOf(peerId, scores) >= 0;
        if (members.size() < config.dLow()) {
            graftAll(topic, members, select(topic, config.d() - members.size(), graftable));
        }
        if (members.size() > config.dHigh()) {
            Set<String> survivors = survivors(members, scores);
            for (String peerId : List.copyOf(members)) {
                if (!survivors.contains(peerId)) {
                    members.remove(peerId);
                    score.pruned(peerId, topic);
                    prune(peerId, topic, config.pruneBackoff());
                }
            }
        }
        if (members.size() >= config.dLow()) {
            long outbound = members.stream().filter(this::isOutbound).count();
            if (outbound < config.dOut()) {
                graftAll(topic, members, select(topic, (int) (config.dOut() - outbound),
                        graftable.and(this::isOutbound)));
            }
        }
        if (heartbeats % config.opportunisticGraftTicks() == 0 && members.size() > 1) {
            double median = median(members.stream().map(peerId -> scoreOf(peerId, scores)).sorted().toList());
            if (median < config.thresholds().opportunisticGraftThreshold()) {
                List<String> better = select(topic, config.opportunisticGraftPeers(),
                        graftable.and(peerId -> scoreOf(peerId, scores) > median));
                LOG.debug("Opportunistically grafting {} on {} (median score {})", better, topic, median);
                graftAll(topic, members, better);
            }
        }
    }

    /**
     * The d peers an oversubscribed mesh keeps: the dScore best by score, the rest at random, then outbound peers
     * swapped in for the lowest-ranked inbound ones until dOut are outbound.
     */
    private Set<String> survivors(Set<String> members, Map<String, Double> scores) {
        List<String> ranked = new ArrayList<>(members);
        Collections.shuffle(ranked, random);
        ranked.sort(Comparator.comparingDouble((String peerId) -> scoreOf(peerId, scores)).reversed());
        List<String> rest = new ArrayList<>(ranked.subList(config.dScore(), ranked.size()));
        Collections.shuffle(rest, random);
        List<String> kept = new ArrayList<>(ranked.subList(0, config.dScore()));
        kept.addAll(rest);
        List<String> chosen = new ArrayList<>(kept.subList(0, config.d()));
        List<String> outboundLeft = kept.subList(config.d(), kept.size()).stream().filter(this::isOutbound)
                .collect(Collectors.toCollection(ArrayList::new));
        long outbound = chosen.stream().filter(this::isOutbound).count();
        for (int i = chosen.size() - 1; i >= 0 && outbound < config.dOut() && !outboundLeft.isEmpty(); i--) {
            if (!isOutbound(chosen.get(i))) {
                chosen.set(i, outboundLeft.remove(0));
                outbound++;
            }
        }
        return new HashSet<>(chosen);
    }

    private void maintainFanout(Instant now, Map<String, Double> scores) {
        double threshold = config.thresholds().publishThreshold();
        for (String topic : List.copyOf(fanout.keySet())) {
            Instant last = fanoutLastPublished.getOrDefault(topic, Instant.MIN);
            if (last.plus(config.fanoutTtl()).isBefore(now)) {
                fanout.remove(topic);
                fanoutLastPublished.remove(topic);
                continue;
            }
            Set<String> members = fanout.get(topic);
            Set<String> subscribed = topicPeers.getOrDefault(topic, Set.of());
            members.removeIf(peerId -> !subscribed.contains(peerId) || scoreOf(peerId, scores) < threshold);
            if (members.size() < config.d()) {
                members.addAll(select(topic, config.d() - members.size(),
                        peerId -> !members.contains(peerId) && scoreOf(peerId, scores) >= threshold));
            }
            emitGossip(topic, members, scores);
        }
    }

    /** IHAVE of the recent messages of {@code topic} to max(dLazy, gossipFactor·n) of its other peers. */
    private void emitGossip(String topic, Set<String> exclude, Map<String, Double> scores) {
        List<ByteString> ids = mcache.gossipIds(topic);
        if (ids.isEmpty()) {
            return;
        }
        List<String> candidates = topicPeers.getOrDefault(topic, Set.of()).stream()
                .filter(peerId -> !exclude.contains(peerId))
                .filter(peerId -> scoreOf(peerId, scores) >= config.thresholds().gossipThreshold())
                .collect(Collectors.toCollection(ArrayList::new));
        int target = Math.max(config.dLazy(), (int) (config.gossipFactor() * candidates.size()));
        Collections.shuffle(candidates, random);
        for (String peerId : candidates.subList(0, Math.min(target, candidates.size()))) {
            List<ByteString> advertised = ids;
            if (ids.size() > config.maxIHaveLength()) {
                advertised = new ArrayList<>(ids);
                Collections.shuffle(advertised, random);
                advertised = advertised.subList(0, config.maxIHaveLength());
            }
            control(peerId).addIhave(Rpc.ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(advertised));
        }
    }

    // ---- helpers

    private void graftAll(String topic, Set<String> members, List<String> peerIds) {
        for (String peerId : peerIds) {
            members.add(peerId);
            graft(peerId, topic);
        }
    }

    private void graft(String peerId, String topic) {
        score.grafted(peerId, topic);
        control(peerId).addGraft(Rpc.ControlGraft.newBuilder().setTopicID(topic));
    }

    /** Queues a PRUNE and stops ourselves from re-grafting the peer before {@code backoffPeriod}. */
    private void prune(String peerId, String topic, Duration backoffPeriod) {
        addBackoff(topic, peerId, backoffPeriod);
        control(peerId).addPrune(Rpc.ControlPrune.newBuilder().setTopicID(topic)
                .setBackoff(backoffPeriod.toSeconds()));
    }

    private void addBackoff(String topic, String peerId, Duration period) {
        Instant until = clock.instant().plus(period);
        backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peerId, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private boolean backedOff(String topic, String peerId, Instant now) {
        Instant until = backoff.getOrDefault(topic, Map.of()).get(peerId);
        return until != null && until.isAfter(now);
    }

    /** Up to {@code count} random peers subscribed to {@code topic} that pass {@code filter}. */
    private List<String> select(String topic, int count, Predicate<String> filter) {
        if (count <= 0) {
            return List.of();
        }
        List<String> candidates = topicPeers.getOrDefault(topic, Set.of()).stream().filter(filter)
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(candidates, random);
        return candidates.subList(0, Math.min(count, candidates.size()));
    }

    private boolean isOutbound(String peerId) {
        Peer peer = peers.get(peerId);
        return peer != null && peer.direction == Direction.OUTBOUND;
    }

    private double scoreOf(String peerId, Map<String, Double> scores) {
        return scores.computeIfAbsent(peerId, score::score);
    }

    private static double median(List<Double> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private void removeTopicPeer(String topic, String peerId) {
        Set<String> members = topicPeers.get(topic);
        if (members != null && members.remove(peerId) && members.isEmpty()) {
            topicPeers.remove(topic);
        }
    }

    private Rpc.ControlMessage.Builder control(String peerId) {
        return pendingControl.computeIfAbsent(peerId, p -> Rpc.ControlMessage.newBuilder());
    }

    /** Sends the control messages queued for each peer, one RPC per peer. */
    private void flushControl() {
        for (Map.Entry<String, Rpc.ControlMessage.Builder> entry : pendingControl.entrySet()) {
            Peer peer = peers.get(entry.getKey());
            if (peer != null) {
                send(peer, Rpc.RPC.newBuilder().setControl(entry.getValue()).build());
            }
        }
        pendingControl.clear();
    }

    /** Sends messages in as few RPCs as fit {@link GossipConfig#maxRpcSize()}. */
    private void sendMessages(Peer peer, List<Rpc.Message> messages) {
        Rpc.RPC.Builder batch = Rpc.RPC.newBuilder();
        int size = 0;
        for (Rpc.Message message : messages) {
            int entrySize = message.getSerializedSize() + 6; // tag and length prefix of the entry
            if (size > 0 && size + entrySize > config.maxRpcSize()) {
                send(peer, batch.build());
                batch = Rpc.RPC.newBuilder();
                size = 0;
            }
            batch.addPublish(message);
            size += entrySize;
        }
        if (size > 0) {
            send(peer, batch.build());
        }
    }

    private void send(Peer peer, Rpc.RPC rpc) {
        try {
            if (!peer.sender.send(rpc.toByteArray())) {
                droppedOutbound++;
                LOG.debug("Dropped an RPC to {}: its outbound queue is full", peer.id);
            }
        } catch (RuntimeException e) {
            droppedOutbound++;
            LOG.warn("Sending an RPC to {} failed: {}", peer.id, e.toString());
        }
    }

    private static Rpc.RPC.SubOpts subOpts(String topic, boolean subscribe) {
        return Rpc.RPC.SubOpts.newBuilder().setSubscribe(subscribe).setTopicid(topic).build();
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> map) {
        return map.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    /** A connected pubsub peer. */
    private static final class Peer {
        final String id;
        final Set<String> topics = new HashSet<>();
        RpcSender sender;
        Direction direction;
        int iHavesThisHeartbeat;
        int askedThisHeartbeat;

        Peer(String id, RpcSender sender, Direction direction) {
            this.id = id;
            this.sender = sender;
            this.direction = direction;
        }
    }

    /** One handler of one topic, called in message order on its own serial executor. */
    private final class Subscription implements Registration {
        final String topic;
        final Consumer<PubSubMessage> handler;
        final SerialExecutor executor;
        final AtomicBoolean closed = new AtomicBoolean();

        Subscription(String topic, Consumer<PubSubMessage> handler, SerialExecutor executor) {
            this.topic = topic;
            this.handler = handler;
            this.executor = executor;
        }

        void deliver(PubSubMessage message) {
            executor.execute(() -> {
                if (!closed.get()) {
                    handler.accept(message);
                }
            });
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                unsubscribe(this);
            }
        }
    }
}
