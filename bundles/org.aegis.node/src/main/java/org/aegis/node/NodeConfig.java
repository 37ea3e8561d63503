package org.aegis.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "AEGIS node runtime", description = "Node status, component health and the event bus.")
public @interface NodeConfig {
    String PID = "org.aegis.node";

    @AttributeDefinition(name = "Required components",
            description = "Comma-separated components whose health indicator must be registered; "
                    + "a missing one makes the node DOWN.")
    String requiredComponents() default "store,identity,auth,metrics";

    @AttributeDefinition(name = "Required capabilities",
            description = "Comma-separated kinds of plugin the node needs, of 'consensus' (a consensus engine) and"
                    + " 'transport'; while one has no service registered the node is DEGRADED. Empty: none.",
            required = false)
    String requiredCapabilities() default "consensus,transport";

    @AttributeDefinition(name = "Event queue capacity",
            description = "Events waiting for delivery; beyond it new events are dropped and counted.", min = "1")
    int eventQueueCapacity() default 10_000;
}
