package io.headroom.agent.source.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table drawn in a box of {@code |}, {@code -}, {@code +} and {@code =} the way the vendors'
 * device tools print them (npu-smi, cnmon, xpu_smi). A header is one or more lines whose first
 * word is one the caller names ("NPU", "Card", "DevID"); the records under it have as many
 * lines as the header, and each value is found by the header it stands under, never by its
 * position on the line, so a column added or moved by another driver release is still read.
 * A cell may hold several columns ("Power(W) Temp(C)") or, with {@code wordPerColumn} off, one
 * column whose name has spaces ("PCI Addr").
 *
 * <p>A line that cannot be matched to the header is reported with its number and text and
 * skipped; the rest of the table is still read.
 */
public final class BoxTable {

    /** One record: its values by column name, and the number (from 1) of its first line. */
    public record Row(int line, String text, Map<String, String> values) {
        public String get(String column) {
            return values.get(column);
        }

        public boolean has(String column) {
            return values.containsKey(column);
        }
    }

    /** One table: its column names in header order, and its rows. */
    public record Table(List<String> columns, List<Row> rows) {
        public boolean hasColumn(String name) {
            return columns.contains(name);
        }
    }

    public record Parsed(List<Table> tables, List<String> problems) {}

    private BoxTable() {}

    public static Parsed parse(String text, Set<String> headerWords, boolean wordPerColumn) {
        List<Table> tables = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        List<List<String>> header = new ArrayList<>(); // rows of cells of header text
        List<String> columns = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int recordStart = 0;
        boolean inHeader = false;
        int open = 0; // the last line of a table not yet closed by a rule, or 0
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String stripped = line.strip();
            if (isRule(stripped)) {
                inHeader = false;
                open = 0;
                if (!record.isEmpty()) {
                    problems.add(at(recordStart, lines[recordStart - 1]) + "the record ends after " + record.size()
                            + " of its " + header.size() + " lines");
                    record.clear();
                }
                continue;
            }
            if (!stripped.startsWith("|")) {
                // Blank lines and text between boxes (versions, titles, links) end a table.
                if (open > 0) {
                    problems.add(cutShort(open, lines[open - 1]));
                    open = 0;
                }
                inHeader = false;
                record.clear();
                continue;
            }
            List<String> cells = cells(stripped);
            String first = cells.isEmpty() ? "" : firstWord(cells.getFirst());
            if (headerWords.contains(first)) {
                if (!inHeader) {
                    finish(header, columns, rows, tables);
                    header = new ArrayList<>();
                    columns = new ArrayList<>();
                    rows = new ArrayList<>();
                    inHeader = true;
                }
                header.add(cells);
                open = i + 1;
                continue;
            }
            inHeader = false;
            if (header.isEmpty() || first.endsWith(":") || stripped.contains("No running processes found")) {
                continue; // a title above the first table, or a box's own title ("Processes:")
            }
            open = i + 1;
            if (record.isEmpty()) {
                recordStart = i + 1;
            }
            record.add(line);
            if (record.size() == header.size()) {
                Row row = row(header, columns, record, recordStart, wordPerColumn, problems);
                if (row != null) {
                    rows.add(row);
                }
                record.clear();
            }
        }
        if (open > 0) {
            problems.add(cutShort(open, lines[open - 1]));
        }
        finish(header, columns, rows, tables);
        return new Parsed(List.copyOf(tables), List.copyOf(problems));
    }

    private static void finish(List<List<String>> header, List<String> columns, List<Row> rows, List<Table> tables) {
        if (!header.isEmpty()) {
            if (columns.isEmpty()) {
                for (List<String> headerRow : header) {
                    for (String cell : headerRow) {
                        columns.addAll(List.of(cell.split("\\s+")));
                    }
                }
            }
            tables.add(new Table(List.copyOf(columns), List.copyOf(rows)));
        }
    }

    /** The header's columns filled from the record's lines; null (and a problem) when a line does not fit. */
    private static Row row(
            List<List<String>> header,
            List<String> columns,
            List<String> record,
            int start,
            boolean wordPerColumn,
            List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int r = 0; r < header.size(); r++) {
            List<String> names = header.get(r);
            String line = record.get(r);
            List<String> cells = cells(line.strip());
            if (cells.size() != names.size()) {
                problems.add(at(start + r, line) + names.size() + " cells under the header, found " + cells.size());
                return null;
            }
            for (int c = 0; c < names.size(); c++) {
                String headerCell = names.get(c).strip();
                String valueCell = cells.get(c).strip();
                if (headerCell.isEmpty()) {
                    continue;
                }
                List<String> words = List.of(headerCell.split("\\s+"));
                List<String> fields = Values.fields(valueCell, words.size());
                if (wordPerColumn && words.size() > 1 && fields.size() == words.size()) {
                    for (int w = 0; w < words.size(); w++) {
                        values.put(words.get(w), fields.get(w));
                    }
                } else {
                    // "Process id" over "37656", "PCI Addr" over "0000:53:00.0": one column with spaces in its name.
                    values.put(headerCell.replaceAll("\\s+", " "), valueCell);
                }
            }
        }
        if (columns.isEmpty()) {
            columns.addAll(values.keySet());
        }
        return new Row(start, String.join("\n", record), values);
    }

    private static List<String> cells(String stripped) {
        String inner = stripped.substring(1);
        if (inner.endsWith("|")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        return List.of(inner.split("\\|", -1));
    }

    private static String firstWord(String cell) {
        String s = cell.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /** A line of the box itself: only {@code + - = |} and spaces, with at least three dashes or equals signs. */
    static boolean isRule(String stripped) {
        int marks = 0;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c == '-' || c == '=') {
                marks++;
            } else if (c != '+' && c != '|' && c != ' ') {
                return false;
            }
        }
        return marks >= 3;
    }

    private static String cutShort(int line, String text) {
        return at(line, text) + "the table ends here without its closing rule: the output was cut short";
    }

    /** "line 12 '| 3 xxx | ...': " for a problem's start. */
    public static String at(int number, String line) {
        String text = line.strip();
        return "line " + number + " '" + (text.length() > 160 ? text.substring(0, 160) + "..." : text) + "': ";
    }
}
