package io.headroom.store.audit;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 records: fields joined by commas, CRLF after each record, and a field quoted
 * (with its quotes doubled) whenever it holds a comma, a quote, CR or LF, or starts or ends
 * with a space that a spreadsheet would otherwise trim.
 */
final class CsvWriter {

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    void record(String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(fields[i] == null ? "" : fields[i]);
        }
        out.write("\r\n");
    }

    private void field(String value) throws IOException {
        if (!needsQuotes(value)) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return false;
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
