package io.cellwatch.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small PromQL tokenizer that finds the metric names an expression reads: strings, label
 * matchers, ranges, and the label lists of by/without/on/ignoring/group_* are removed, then every
 * identifier that is neither a function call nor a keyword is a metric name. Enough for our rules
 * and dashboards; not a PromQL parser.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
            "count_values", "group", "limitk", "limit_ratio",
            "by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern BRACES = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = BRACES.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = LABEL_LISTS.matcher(s).replaceAll(" $1 ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(id)) {
                names.add(id);
            }
        }
        return names;
    }
}
