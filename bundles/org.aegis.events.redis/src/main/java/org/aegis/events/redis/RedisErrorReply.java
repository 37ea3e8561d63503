package org.aegis.events.redis;

import java.io.IOException;

/** Redis answered a command with an error, e.g. {@code WRONGTYPE Operation against a key holding the wrong kind of value}. */
final class RedisErrorReply extends IOException {
    RedisErrorReply(String error) {
        super(error);
    }
}
