package org.aegis.api.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The payload of a {@value #KIND} decision: properties merged into the configuration of one AEGIS component on every
 * node. Which properties a decision may change at all (network-wide ones only, never a node's own credentials or
 * endpoints) is the node's rule, checked on top of this shape.
 *
 * <pre>{"pid": "org.aegis.…", "properties": {"key": value, …}}</pre>
 *
 * A value is a string, a boolean, an integer ({@code Long}), another number ({@code Double}) or an array of those,
 * which is read as a list of their texts ({@code List<String>}).
 */
public record ConfigChange(String pid, Map<String, Object> properties) {
    /** The decision kind whose payload this is. */
    public static final String KIND = "config";
    /** Configurations a decision may name at all: the node's own components, never a framework or Karaf PID. */
    private static final Pattern AEGIS_PID = Pattern.compile("org\\.aegis\\.[a-z0-9.]+(~[A-Za-z0-9_.-]+)?");

    /** @throws InvalidPayloadException when the pid is not an AEGIS component's or there are no properties */
    public ConfigChange {
        if (pid == null || pid.isEmpty()) {
            throw new InvalidPayloadException("pid must be a non-empty string naming an AEGIS component (org.aegis.…)");
        }
        if (!AEGIS_PID.matcher(pid).matches()) {
            throw new InvalidPayloadException("pid must name an AEGIS component (org.aegis.…), was '" + pid + "'");
        }
        if (properties == null || properties.isEmpty()) {
            throw new InvalidPayloadException("properties must be a non-empty object");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        properties.forEach((key, value) -> copy.put(key, value instanceof List<?> list ? List.copyOf(list) : value));
        properties = Collections.unmodifiableMap(copy);
    }

    /** @throws InvalidPayloadException when the payload is not this kind's JSON object, with what is wrong */
    public static ConfigChange fromPayload(byte[] payload) {
        JsonNode json = PayloadJson.object(payload);
        String pid = json.hasNonNull("pid") && json.get("pid").isTextual() ? json.get("pid").asText() : null;
        JsonNode properties = json.get("properties");
        if (properties == null || !properties.isObject()) {
            throw new InvalidPayloadException("properties must be a non-empty object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        properties.fields().forEachRemaining(field -> values.put(field.getKey(), value(field.getKey(), field.getValue())));
        return new ConfigChange(pid, values);
    }

    public byte[] toPayload() {
        ObjectNode payload = PayloadJson.newObject().put("pid", pid);
        ObjectNode values = payload.putObject("properties");
        properties.forEach((key, value) -> {
            if (value instanceof List<?> list) {
                ArrayNode items = values.putArray(key);
                list.forEach(item -> items.add(String.valueOf(item)));
            } else {
                values.putPOJO(key, value);
            }
        });
        return PayloadJson.bytes(payload);
    }

    private static Object value(String key, JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new InvalidPayloadException("property " + key
                            + ": arrays may hold only strings, numbers or booleans");
                }
                items.add(item.asText());
            }
            return List.copyOf(items);
        }
        throw new InvalidPayloadException("property " + key + " must be a string, number, boolean or array of them");
    }
}
