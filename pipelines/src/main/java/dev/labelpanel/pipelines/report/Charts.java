package dev.labelpanel.pipelines.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts: JFreeChart charts drawn by JFreeSVG as inline {@code <svg>} elements, each with its own id
 * prefix so that the clip paths of several charts on one page do not collide. Bar charts take
 * {@code series → category → value}; heatmaps a square table of values with row and column names; calibration
 * curves points per labeler.
 */
final class Charts {
    static final int WIDTH = 560;
    static final int HEIGHT = 320;
    private static final Font FONT = new Font("SansSerif", Font.PLAIN, 11);
    private static final Color[] PALETTE = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3),
        new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974), new Color(0x64B5CD)
    };

    private int charts;

    /** A bar chart, stacked when {@code stacked}: one bar segment per series, one bar (group) per category. */
    String bars(
            String title,
            String categoryAxis,
            String valueAxis,
            Map<String, ? extends Map<String, Long>> data,
            boolean stacked) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        data.forEach((series, values) -> values.forEach((category, v) -> dataset.addValue(v, series, category)));
        BarChartFactory factory = stacked ? ChartFactory::createStackedBarChart : ChartFactory::createBarChart;
        JFreeChart chart = factory.create(
                title, categoryAxis, valueAxis, dataset, PlotOrientation.VERTICAL, data.size() > 1, false, false);
        theme(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        for (int i = 0; i < data.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        if (dataset.getColumnCount() > 6) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return svg(chart, WIDTH, HEIGHT);
    }

    /**
     * A heatmap of {@code values[row][column]} (NaN: no value, drawn blank), each cell labeled with its value in
     * {@code format}, from white ({@code low}) to dark blue ({@code high}).
     */
    String heatmap(
            String title,
            List<String> rows,
            List<String> columns,
            double[][] values,
            String format,
            double low,
            double high) {
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        int n = rows.size() * columns.size();
        double[][] xyz = new double[3][n];
        int i = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = values[r][c];
                i++;
            }
        }
        dataset.addSeries("values", xyz);
        SymbolAxis x = new SymbolAxis(null, columns.toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(null, rows.toArray(String[]::new));
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new BlueScale(low, high == low ? low + 1 : high);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        i = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                double v = values[r][c];
                if (!Double.isNaN(v)) {
                    XYTextAnnotation label = new XYTextAnnotation(String.format(format, v), c, r);
                    label.setFont(FONT);
                    double share = (v - low) / (high == low ? 1 : high - low);
                    label.setPaint(share > 0.55 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(label);
                }
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        theme(chart);
        PaintScaleLegend legend = new PaintScaleLegend(scale, new org.jfree.chart.axis.NumberAxis());
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(4, 8, 4, 4);
        chart.addSubtitle(legend);
        int side = Math.max(300, Math.min(560, 90 + 70 * Math.max(rows.size(), columns.size())));
        return svg(chart, side + 120, side);
    }

    /**
     * Calibration curves: per series, points of {mean stated probability, observed share} joined by lines, over the
     * diagonal a perfectly calibrated labeler would follow; both axes 0 to 1.
     */
    String calibration(String title, Map<String, List<double[]>> curves) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYSeries ideal = new XYSeries("perfectly calibrated");
        ideal.add(0, 0);
        ideal.add(1, 1);
        dataset.addSeries(ideal);
        curves.forEach((name, points) -> {
            XYSeries series = new XYSeries(name);
            points.forEach(p -> series.add(p[0], p[1]));
            dataset.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(
                title,
                "stated probability",
                "share that is the final label",
                dataset,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        theme(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0xBBBBBB));
        renderer.setSeriesShapesVisible(0, false);
        for (int i = 1; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[(i - 1) % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1);
        return svg(chart, WIDTH, HEIGHT);
    }

    private static void theme(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font("SansSerif", Font.BOLD, 14));
        theme.setLargeFont(new Font("SansSerif", Font.BOLD, 12));
        theme.setRegularFont(FONT);
        theme.setSmallFont(new Font("SansSerif", Font.PLAIN, 10));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.apply(chart);
    }

    private String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix("c" + (++charts) + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return g2.getSVGElement("chart-" + charts);
    }

    /** White at the lower bound to dark blue at the upper; no value (NaN) is light grey, not the low end. */
    private record BlueScale(double getLowerBound, double getUpperBound) implements PaintScale {
        private static final Color HIGH = new Color(0x2F5597);

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return new Color(0xF2F2F2);
            }
            double t = Math.max(0, Math.min(1, (value - getLowerBound) / (getUpperBound - getLowerBound)));
            return new Color(mix(255, HIGH.getRed(), t), mix(255, HIGH.getGreen(), t), mix(255, HIGH.getBlue(), t));
        }

        private static int mix(int from, int to, double t) {
            return (int) Math.round(from + (to - from) * t);
        }
    }

    /** {@link ChartFactory#createBarChart} or {@link ChartFactory#createStackedBarChart}: the same arguments. */
    @FunctionalInterface
    private interface BarChartFactory {
        JFreeChart create(
                String title,
                String categoryAxis,
                String valueAxis,
                CategoryDataset dataset,
                PlotOrientation orientation,
                boolean legend,
                boolean tooltips,
                boolean urls);
    }
}
