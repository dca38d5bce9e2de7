package dev.edgetl.softsensor.report;

import java.io.IOException;
import java.util.Base64;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Small helpers for the self-contained HTML reports (plots embedded as PNG). */
public final class Charts {
    private Charts() {}

    public static String img(XYChart chart, String alt) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        return "<p><img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\"></p>";
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static final String STYLE = "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
            + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
            + "th{background:#eee}</style>";
}
