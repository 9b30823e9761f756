package com.xakia.scim.ops;

/**
 * Values from a request (path, location id, request id…) as they may appear in a log line: control
 * characters become {@code \\uXXXX}, so a caller cannot forge log lines (CR, LF) or send escape
 * sequences (ESC) to the terminal of whoever reads the log.
 */
final class LogValues {

    private LogValues() {}

    static String escape(String value) {
        if (value == null || value.chars().noneMatch(Character::isISOControl)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
