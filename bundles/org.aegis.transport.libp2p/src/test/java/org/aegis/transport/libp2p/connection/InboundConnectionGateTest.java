package org.aegis.transport.libp2p.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboundConnectionGateTest {
    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void theTotalBoundsPendingHandshakesFromEveryAddress() throws Exception {
        InboundConnectionGate gate = new InboundConnectionGate(3, 8, 16);
        List<InboundConnectionGate.Slot> slots = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            slots.add(gate.tryAcquire(address("10.0.0." + i)));
            assertNotNull(slots.get(i - 1));
        }
        assertNull(gate.tryAcquire(address("10.0.0.4")));
        assertEquals(3, gate.pending());
        assertEquals(1, gate.refused());
        assertEquals(0, gate.pendingFrom(address("10.0.0.4")), "a refused address holds nothing");

        slots.get(0).release();
        assertNotNull(gate.tryAcquire(address("10.0.0.4")), "a released place is free again");
    }

    @Test
    void oneAddressGetsAtMostItsShareAndOthersStillGetIn() throws Exception {
        InboundConnectionGate gate = new InboundConnectionGate(64, 2, 16);
        InetAddress flooder = address("10.0.0.1");
        InboundConnectionGate.Slot first = gate.tryAcquire(flooder);
        assertNotNull(first);
        assertNotNull(gate.tryAcquire(flooder));
        assertNull(gate.tryAcquire(flooder));
        assertEquals(2, gate.pending(), "a refusal takes no place of the total");
        assertNotNull(gate.tryAcquire(address("10.0.0.2")));

        first.release();
        assertNotNull(gate.tryAcquire(flooder));
    }

    @Test
    void anEstablishedConnectionLeavesThePendingCountsAndIsBoundedPerAddress() throws Exception {
        InboundConnectionGate gate = new InboundConnectionGate(64, 8, 1);
        InetAddress peer = address("10.0.0.1");
        InboundConnectionGate.Slot first = gate.tryAcquire(peer);
        assertTrue(first.establish());
        assertEquals(0, gate.pending());
        assertEquals(0, gate.pendingFrom(peer));
        assertEquals(1, gate.establishedFrom(peer));

        InboundConnectionGate.Slot second = gate.tryAcquire(peer);
        assertFalse(second.establish(), "the address has its one connection");
        assertEquals(1, gate.pendingFrom(peer), "a refused establish stays pending until released");
        second.release();
        assertEquals(0, gate.pending());

        first.release();
        assertEquals(0, gate.establishedFrom(peer));
        assertEquals(0, gate.sources(), "no entry left for an address without connections");
    }

    @Test
    void aSlotIsGivenBackExactlyOnceOnEveryPath() throws Exception {
        InboundConnectionGate gate = new InboundConnectionGate(64, 8, 16);
        InetAddress peer = address("10.0.0.1");
        InboundConnectionGate.Slot other = gate.tryAcquire(peer);

        InboundConnectionGate.Slot failedHandshake = gate.tryAcquire(peer);
        failedHandshake.release();
        failedHandshake.release();
        assertFalse(failedHandshake.establish(), "a released slot is not established");
        assertEquals(1, gate.pending(), "only the other connection is left");
        assertEquals(1, gate.pendingFrom(peer));

        InboundConnectionGate.Slot closedAfterUpgrade = gate.tryAcquire(peer);
        assertTrue(closedAfterUpgrade.establish());
        assertFalse(closedAfterUpgrade.establish(), "established once");
        closedAfterUpgrade.release();
        closedAfterUpgrade.release();
        assertEquals(0, gate.establishedFrom(peer));
        assertEquals(1, gate.pendingFrom(peer));

        other.release();
        assertEquals(0, gate.pending());
        assertEquals(0, gate.sources());
    }

    @Test
    void ipv6AddressesCountPerSlash64() throws Exception {
        InboundConnectionGate gate = new InboundConnectionGate(64, 1, 16);
        assertNotNull(gate.tryAcquire(address("2001:db8:1:2::1")));
        assertNull(gate.tryAcquire(address("2001:db8:1:2:ffff::7")), "the same /64");
        assertNotNull(gate.tryAcquire(address("2001:db8:1:3::1")), "another /64");
        assertEquals(2, gate.sources());
    }

    @Test
    void limitsBelowOneAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InboundConnectionGate(64, 0, 16));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void concurrentConnectionsNeverPassTheLimitsAndLeaveNothingBehind() throws Exception {
        int maxPending = 10;
        int maxPendingPerAddress = 3;
        InboundConnectionGate gate = new InboundConnectionGate(maxPending, maxPendingPerAddress, 2);
        InetAddress[] addresses = new InetAddress[6];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = address("10.0.1." + i);
        }
        AtomicInteger heldPending = new AtomicInteger();
        AtomicInteger mostHeldPending = new AtomicInteger();
        AtomicInteger[] heldPendingFrom = new AtomicInteger[addresses.length];
        AtomicInteger mostHeldPendingFromOne = new AtomicInteger();
        for (int i = 0; i < addresses.length; i++) {
            heldPendingFrom[i] = new AtomicInteger();
        }
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Random random = new Random(w);
                done.add(workers.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int from = random.nextInt(addresses.length);
                        InboundConnectionGate.Slot slot = gate.tryAcquire(addresses[from]);
                        if (slot == null) {
                            continue;
                        }
                        admitted.incrementAndGet();
                        // counted only while this thread holds the pending place, so never more than the gate counts
                        mostHeldPending.accumulateAndGet(heldPending.incrementAndGet(), Math::max);
                        mostHeldPendingFromOne.accumulateAndGet(heldPendingFrom[from].incrementAndGet(), Math::max);
                        Thread.yield();
                        heldPendingFrom[from].decrementAndGet();
                        heldPending.decrementAndGet();
                        if (random.nextBoolean()) {
                            slot.establish();
                        }
                        slot.release();
                        if (random.nextInt(4) == 0) {
                            slot.release();
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertTrue(admitted.get() > 0);
        assertTrue(mostHeldPending.get() <= maxPending, "at most " + maxPending + ", saw " + mostHeldPending.get());
        assertTrue(mostHeldPendingFromOne.get() <= maxPendingPerAddress,
                "at most " + maxPendingPerAddress + " from one address, saw " + mostHeldPendingFromOne.get());
        assertEquals(0, gate.pending());
        assertEquals(0, gate.sources(), "every address's entry is gone");
    }
}
