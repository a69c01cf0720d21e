package dev.labelpanel.pipelines.report;

import java.util.List;

/** HTML text for the report: every value from the data goes through {@link #esc}, nothing else is trusted. */
final class Html {
    private Html() {}

    /** {@code text} safe in element content and in double-quoted attributes; null is empty. */
    static String esc(Object text) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A table; header and cells are escaped. */
    static String table(List<String> header, List<List<?>> rows) {
        StringBuilder s = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> s.append("<th>").append(esc(h)).append("</th>"));
        s.append("</tr></thead><tbody>");
        for (List<?> row : rows) {
            s.append("<tr>");
            row.forEach(cell -> s.append(cell instanceof Number ? "<td class=\"n\">" : "<td>")
                    .append(esc(cell))
                    .append("</td>"));
            s.append("</tr>");
        }
        return s.append("</tbody></table>\n").toString();
    }

    /** A chart: its {@code <svg>} (drawn by {@link Charts}, not from data) in a figure. */
    static String figure(String svg) {
        return "<figure class=\"chart\">" + svg + "</figure>\n";
    }

    static String note(String text) {
        return "<p class=\"note\">" + esc(text) + "</p>\n";
    }

    static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:0 24px 48px;
      color:#222;line-height:1.4}
      h1{margin-top:24px}h2{border-bottom:2px solid #2F5597;padding-bottom:4px;margin-top:40px}
      .banner{background:#fff3cd;border:1px solid #e0c060;padding:10px 14px;border-radius:4px;font-weight:600}
      .note{color:#555;font-style:italic}
      table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
      th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#eef2f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .charts{display:flex;flex-wrap:wrap;gap:12px}figure.chart{margin:0;border:1px solid #e4e4e4}
      .sample td{max-width:360px;white-space:pre-wrap;word-break:break-word}
      details summary{cursor:pointer;color:#2F5597}code,pre{font-size:12px}
      pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:6px;margin:4px 0}
      nav a{margin-right:12px}
      """;
}
