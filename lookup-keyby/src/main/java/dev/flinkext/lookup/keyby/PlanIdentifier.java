package dev.flinkext.lookup.keyby;

import org.apache.flink.table.catalog.ObjectIdentifier;

import java.util.ArrayList;
import java.util.List;

/** Reads a table identifier as a compiled plan writes it: {@code `catalog`.`database`.`table`}. */
final class PlanIdentifier {

    private PlanIdentifier() {}

    static ObjectIdentifier parse(String text) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '`') {
                throw invalid(text);
            }
            StringBuilder part = new StringBuilder();
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw invalid(text);
                }
                char c = text.charAt(i);
                if (c == '`') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
                        part.append('`'); // a doubled backtick is one inside the name
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                part.append(c);
                i++;
            }
            parts.add(part.toString());
            if (i < text.length() && text.charAt(i++) != '.') {
                throw invalid(text);
            }
        }
        if (parts.size() != 3) {
            throw invalid(text);
        }
        return ObjectIdentifier.of(parts.get(0), parts.get(1), parts.get(2));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "Not a table identifier of a compiled plan (`catalog`.`database`.`table`): "
                        + text);
    }
}
