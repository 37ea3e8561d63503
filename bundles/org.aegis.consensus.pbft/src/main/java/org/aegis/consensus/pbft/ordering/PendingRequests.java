package org.aegis.consensus.pbft.ordering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Signed;

/**
 * The signed requests a replica knows of and has not executed, in arrival order. Every replica keeps them: the
 * primary batches them, the others watch them with the view-change timer and order them if they become primary.
 */
public final class PendingRequests {
    /** Requests held at most; more are refused until some execute. */
    public static final int CAPACITY = 65_536;

    private final Map<String, Signed> byId = new LinkedHashMap<>();
    private final Set<String> assigned = new HashSet<>();

    public static String id(Signed request) {
        return ((Request) request.message()).proposal().id();
    }

    /** False when the id is already pending or the queue is full. */
    public boolean add(Signed request) {
        if (byId.size() >= CAPACITY) {
            return false;
        }
        return byId.putIfAbsent(id(request), request) == null;
    }

    public Signed get(String id) {
        return byId.get(id);
    }

    public void remove(String id) {
        byId.remove(id);
        assigned.remove(id);
    }

    /** The id of the request that has been pending longest, or {@code null} when none is. */
    public String oldestId() {
        return byId.isEmpty() ? null : byId.keySet().iterator().next();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int unassignedCount() {
        return byId.size() - assigned.size();
    }

    /** Up to {@code max} requests not yet in a pre-prepare of this view, oldest first; they become assigned. */
    public List<Signed> takeBatch(int max) {
        List<Signed> batch = new ArrayList<>();
        for (Map.Entry<String, Signed> e : byId.entrySet()) {
            if (batch.size() >= max) {
                break;
            }
            if (assigned.add(e.getKey())) {
                batch.add(e.getValue());
            }
        }
        return batch;
    }

    /** The requests of a pre-prepare are in flight: the primary must not order them twice. */
    public void markAssigned(List<Signed> batch) {
        batch.forEach(r -> assigned.add(id(r)));
    }

    /** A new view starts: nothing is in flight until its primary orders it again. */
    public void clearAssignments() {
        assigned.clear();
    }

    public List<Signed> all() {
        return List.copyOf(byId.values());
    }
}
