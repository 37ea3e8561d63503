package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.aegis.transport.libp2p.proto.Rpc;

/**
 * Parses one RPC and checks it against the configured limits before the router acts on any of it, so that a
 * hostile peer cannot make us do unbounded work or keep unbounded state with a single RPC.
 */
final class RpcDecoder {
    private final GossipConfig config;

    RpcDecoder(GossipConfig config) {
        this.config = config;
    }

    Rpc.RPC decode(byte[] bytes) throws MalformedRpcException {
        if (bytes.length > config.maxRpcSize()) {
            throw new MalformedRpcException("RPC of " + bytes.length + " bytes exceeds the limit of "
                    + config.maxRpcSize());
        }
        Rpc.RPC rpc;
        try {
            rpc = Rpc.RPC.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedRpcException("not a protobuf RPC: " + e.getMessage());
        }
        checkCount("subscriptions", rpc.getSubscriptionsCount(), config.maxSubscriptionsPerRpc());
        for (Rpc.RPC.SubOpts sub : rpc.getSubscriptionsList()) {
            if (!sub.hasSubscribe() || !sub.hasTopicid()) {
                throw new MalformedRpcException("a subscription without subscribe flag or topic");
            }
            checkTopic(sub.getTopicid());
        }
        checkCount("messages", rpc.getPublishCount(), config.maxMessagesPerRpc());
        for (Rpc.Message message : rpc.getPublishList()) {
            if (!message.hasTopic()) {
                throw new MalformedRpcException("a message without topic");
            }
            checkTopic(message.getTopic());
        }
        if (rpc.hasControl()) {
            checkControl(rpc.getControl());
        }
        return rpc;
    }

    private void checkControl(Rpc.ControlMessage control) throws MalformedRpcException {
        int entries = control.getIhaveCount() + control.getIwantCount() + control.getGraftCount()
                + control.getPruneCount();
        for (Rpc.ControlPrune prune : control.getPruneList()) {
            entries += prune.getPeersCount();
        }
        checkCount("control entries", entries, config.maxControlEntriesPerRpc());
        for (Rpc.ControlIHave ihave : control.getIhaveList()) {
            checkTopic(ihave.getTopicID());
            checkCount("message ids in one IHAVE", ihave.getMessageIDsCount(), config.maxIHaveLength());
        }
        for (Rpc.ControlIWant iwant : control.getIwantList()) {
            checkCount("message ids in one IWANT", iwant.getMessageIDsCount(), config.maxIHaveLength());
        }
        for (Rpc.ControlGraft graft : control.getGraftList()) {
            checkTopic(graft.getTopicID());
        }
        for (Rpc.ControlPrune prune : control.getPruneList()) {
            checkTopic(prune.getTopicID());
        }
    }

    private void checkTopic(String topic) throws MalformedRpcException {
        if (topic.isEmpty()) {
            throw new MalformedRpcException("an empty topic");
        }
        int length = topic.getBytes(StandardCharsets.UTF_8).length;
        if (length > config.maxTopicLength()) {
            throw new MalformedRpcException("a topic of " + length + " bytes exceeds the limit of "
                    + config.maxTopicLength());
        }
    }

    private static void checkCount(String what, int count, int limit) throws MalformedRpcException {
        if (count > limit) {
            throw new MalformedRpcException(count + " " + what + " exceed the limit of " + limit);
        }
    }
}
