package org.aegis.federated.bench;

import java.util.Locale;

/** A small JSON builder for the bench's result file: objects, arrays, numbers (NaN as null) and strings. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        string(value);
        needsComma = true;
        return this;
    }

    JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : String.format(Locale.ROOT, "%.6g", value));
        } else {
            out.append("null");
        }
        needsComma = true;
        return this;
    }

    JsonWriter values(double[] values) {
        beginArray();
        for (double v : values) {
            value(v);
        }
        return endArray();
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
