package io.cellwatch.edge.reader;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into fields: Maccor's tab-separated text, or comma-separated CSV where a field may be
 * quoted ({@code "a,b"}, {@code ""} for a quote). Empty trailing fields are kept, so a row's field
 * count can be checked against the header. Quoted fields spanning lines are not supported: no
 * cycler export in use writes them.
 */
final class LineSplitter {

    private final char separator;

    LineSplitter(char separator) {
        this.separator = separator;
    }

    String[] split(String line) {
        if (line.indexOf('"') < 0) {
            return splitPlain(line);
        }
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out.toArray(String[]::new);
    }

    private String[] splitPlain(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == separator) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out.toArray(String[]::new);
    }
}
