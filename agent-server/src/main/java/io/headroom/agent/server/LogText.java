package io.headroom.agent.server;

/**
 * A string a caller chose (a reason, a requester, a hostname, an anonymous caller's name) as it
 * may stand in one log line: newlines, other control characters and ANSI escapes are written as
 * escapes, so a reason cannot forge a second log line or recolour a terminal.
 */
final class LogText {

    private LogText() {}

    static String of(Object untrusted) {
        String text = String.valueOf(untrusted);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default ->
                    Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            ? String.format("\\u%04x", (int) c)
                            : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
