package org.aegis.consensus.pbft.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's links to its peers over a {@link Transport}: one long-lived outgoing stream per peer on
 * {@value #PROTOCOL}, length-prefixed frames written one after the other (each write waits for the previous one), and
 * the streams peers open to us. A stream that resets or fails is forgotten and the next frame opens a new one; frames
 * that cannot be sent are dropped (PBFT retransmits). Closing, or unbinding the transport, resets the streams peers
 * opened to us as well as ours: a peer then opens a new stream, to whoever handles the protocol next (the engine
 * restarted with a new configuration), instead of writing on into one nobody reads. Thread-safe: transport callbacks
 * arrive on any thread.
 *
 * <p>No lock is held while calling into the transport or a stream: their callbacks can run on the calling thread
 * (a stream that fails at once) or take these locks on another, and a link's lock is never taken inside this
 * object's (unbinding while a send failed once deadlocked the replica and the configuration thread).
 */
public final class PeerLinks implements AutoCloseable {
    public static final String PROTOCOL = "/aegis/pbft/1.0.0";
    /** Frames queued for one peer beyond which new ones are dropped. */
    static final int MAX_QUEUED_FRAMES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);

    private final int maxFrame;
    private final BiConsumer<String, byte[]> onFrame;
    private final Runnable onBadStream;
    private final Map<String, Link> links = new HashMap<>();
    /** The streams peers opened to us that are still open. */
    private final Set<Stream> accepted = new HashSet<>();
    private Transport transport;
    private Registration registration;

    /**
     * @param onFrame     receives (remote peer id, frame) for every complete inbound frame, on a transport thread
     * @param onBadStream called when an inbound stream sends a frame over the size limit (it is then reset)
     */
    public PeerLinks(int maxFrame, BiConsumer<String, byte[]> onFrame, Runnable onBadStream) {
        this.maxFrame = maxFrame;
        this.onFrame = onFrame;
        this.onBadStream = onBadStream;
    }

    public void bind(Transport next) {
        Detached old;
        synchronized (this) {
            old = detach();
            transport = next;
            registration = next.handle(PROTOCOL, this::accept);
        }
        old.reset();
    }

    /** Forgets {@code gone} if it is the bound transport. */
    public void unbind(Transport gone) {
        Detached old;
        synchronized (this) {
            if (transport != gone) {
                return;
            }
            old = detach();
        }
        old.reset();
    }

    public synchronized boolean bound() {
        return transport != null;
    }

    /** Queues a frame for {@code peerId}, opening a stream when there is none. */
    public void send(String peerId, byte[] frame) {
        Link link;
        synchronized (this) {
            if (transport == null) {
                return;
            }
            link = links.computeIfAbsent(peerId, id -> new Link(id, transport));
        }
        link.enqueue(FrameDecoder.encode(frame));
    }

    @Override
    public void close() {
        Detached old;
        synchronized (this) {
            old = detach();
        }
        old.reset();
    }

    /** Unbinds the transport; the streams it leaves are reset by the caller once it has released this lock. */
    private Detached detach() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        Detached detached = new Detached(List.copyOf(links.values()), List.copyOf(accepted));
        links.clear();
        accepted.clear();
        transport = null;
        return detached;
    }

    /** The links and inbound streams of a transport just unbound. */
    private record Detached(List<Link> links, List<Stream> inbound) {
        void reset() {
            links.forEach(Link::reset);
            inbound.forEach(Stream::reset);
        }
    }

    private void accept(Stream stream) {
        synchronized (this) {
            if (transport == null) {
                stream.reset();
                return;
            }
            accepted.add(stream);
        }
        read(stream, () -> forget(stream), () -> forget(stream));
    }

    private synchronized void forget(Stream stream) {
        accepted.remove(stream);
    }

    private synchronized void forget(Link link) {
        links.remove(link.peerId, link);
    }

    /**
     * Reads the frames of a stream, ours or a peer's, until it ends; {@code onFailure} runs when it resets, {@code
     * onComplete} when the peer closed its side.
     */
    private void read(Stream stream, Runnable onFailure, Runnable onComplete) {
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            private final FrameDecoder decoder = new FrameDecoder(maxFrame);
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer chunk) {
                List<byte[]> frames;
                try {
                    frames = decoder.feed(chunk);
                } catch (IllegalStateException e) {
                    LOG.warn("Resetting the PBFT stream from {}: {}", stream.remotePeerId(), e.getMessage());
                    onBadStream.run();
                    subscription.cancel();
                    stream.reset();
                    return;
                }
                frames.forEach(frame -> onFrame.accept(stream.remotePeerId(), frame));
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                LOG.debug("PBFT stream from {} failed: {}", stream.remotePeerId(), error.toString());
                onFailure.run();
            }

            @Override
            public void onComplete() {
                stream.closeWrite();
                onComplete.run();
            }
        });
    }

    /** The outgoing stream to one peer and the frames waiting for it. */
    private final class Link {
        private final String peerId;
        private final Transport via;
        private final Deque<ByteBuffer> queue = new ArrayDeque<>();
        private Stream stream;
        private boolean opening;
        private boolean writing;
        private boolean dead;

        Link(String peerId, Transport via) {
            this.peerId = peerId;
            this.via = via;
        }

        void enqueue(ByteBuffer data) {
            boolean openNow;
            synchronized (this) {
                if (dead) {
                    return;
                }
                if (queue.size() >= MAX_QUEUED_FRAMES) {
                    LOG.debug("Dropping a PBFT frame to {}: {} frames queued", peerId, queue.size());
                    return;
                }
                queue.add(data);
                if (stream != null) {
                    openNow = false;
                } else if (opening) {
                    return; // the stream being opened takes the frame once it is there
                } else {
                    opening = true;
                    openNow = true;
                }
            }
            if (openNow) {
                open();
            } else {
                pump();
            }
        }

        private void open() {
            via.openStream(peerId, PROTOCOL).whenComplete((opened, error) -> {
                boolean usable;
                synchronized (this) {
                    opening = false;
                    usable = error == null && !dead;
                    if (usable) {
                        stream = opened;
                    }
                }
                if (!usable) {
                    if (error != null) {
                        LOG.debug("Cannot open a PBFT stream to {}: {}", peerId, error.toString());
                    }
                    if (opened != null) {
                        opened.reset();
                    }
                    fail();
                    return;
                }
                read(opened, this::fail, () -> { });
                pump();
            });
        }

        /** Writes the next queued frame unless a write is in progress. */
        private void pump() {
            ByteBuffer next;
            Stream target;
            synchronized (this) {
                if (writing || stream == null || queue.isEmpty() || dead) {
                    return;
                }
                writing = true;
                next = queue.poll();
                target = stream;
            }
            target.write(next).whenComplete((ok, error) -> {
                synchronized (this) {
                    writing = false;
                }
                if (error != null) {
                    LOG.debug("PBFT stream to {} failed: {}", peerId, error.toString());
                    target.reset();
                    fail();
                    return;
                }
                pump();
            });
        }

        /** Drops this link; the next frame for the peer makes a new one. Called without this link's lock. */
        private void fail() {
            synchronized (this) {
                dead = true;
                queue.clear();
                stream = null;
            }
            forget(this);
        }

        void reset() {
            Stream s;
            synchronized (this) {
                dead = true;
                queue.clear();
                s = stream;
                stream = null;
            }
            if (s != null) {
                s.reset();
            }
        }
    }
}
