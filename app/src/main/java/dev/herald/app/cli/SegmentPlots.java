package dev.herald.app.cli;

import dev.herald.engine.segment.ClusterAnalysis;
import dev.herald.engine.segment.ClusterProfile;
import dev.herald.engine.segment.Pca;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PNG charts of a cluster analysis, drawn with JFreeChart: the elbow (WCSS against k), the silhouette against
 * k, a 2-D PCA scatter of the preprocessed points coloured by cluster, and each cluster's mean spend per
 * feature in original units.
 */
final class SegmentPlots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
            new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private SegmentPlots() {
    }

    /** Writes the four charts into {@code dir} and returns their paths. */
    static List<Path> write(Path dir, ClusterAnalysis.Result result, List<String> features) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        String method = result.method().name().toLowerCase(Locale.ROOT);

        XYSeries wcss = new XYSeries("WCSS");
        XYSeries silhouette = new XYSeries("silhouette");
        result.perK().forEach(s -> {
            wcss.add(s.k(), s.wcss());
            silhouette.add(s.k(), s.silhouette());
        });
        written.add(line(dir.resolve("elbow.png"), "Elbow: WCSS by k (" + method + ", "
                + result.preprocessed().spec().describe() + " space)", "WCSS", wcss, result.chosen().k()));
        written.add(line(dir.resolve("silhouette.png"), "Mean silhouette by k (" + method + "; chosen k = "
                + result.chosen().k() + ")", "mean silhouette", silhouette, result.chosen().k()));

        double[][] x = result.preprocessed().data();
        Pca pca = Pca.fit(x);
        double[][] projected = pca.project(x, 2);
        double[] ratio = pca.explainedVarianceRatio();
        XYSeriesCollection points = new XYSeriesCollection();
        List<XYSeries> series = new ArrayList<>();
        for (ClusterProfile p : result.profiles()) {
            XYSeries s = new XYSeries((p.cluster() + 1) + ": " + p.label() + " (" + p.size() + ")");
            series.add(s);
            points.addSeries(s);
        }
        int[] labels = result.chosen().labels();
        for (int i = 0; i < projected.length; i++) {
            series.get(labels[i]).add(projected[i][0], projected[i][1]);
        }
        JFreeChart scatter = ChartFactory.createScatterPlot("Customers on the first two principal components, by cluster",
                String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * ratio[0]),
                String.format(Locale.ROOT, "PC2 (%.0f%% of variance)", 100 * (ratio.length > 1 ? ratio[1] : 0)),
                points, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = scatter.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int c = 0; c < series.size(); c++) {
            plot.getRenderer().setSeriesPaint(c, PALETTE[c % PALETTE.length]);
            plot.getRenderer().setSeriesShape(c, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        written.add(save(dir.resolve("pca.png"), scatter));

        DefaultCategoryDataset spend = new DefaultCategoryDataset();
        for (ClusterProfile p : result.profiles()) {
            for (int j = 0; j < features.size(); j++) {
                spend.addValue(p.mean()[j], (p.cluster() + 1) + ": " + p.label(), features.get(j));
            }
        }
        JFreeChart bars = ChartFactory.createBarChart("Mean spend per feature by cluster (original units)",
                "feature", "mean", spend, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot barPlot = bars.getCategoryPlot();
        barPlot.setBackgroundPaint(Color.WHITE);
        barPlot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        barPlot.getDomainAxis().setMaximumCategoryLabelLines(2);
        for (int c = 0; c < result.profiles().size(); c++) {
            barPlot.getRenderer().setSeriesPaint(c, PALETTE[c % PALETTE.length]);
        }
        written.add(save(dir.resolve("spend.png"), bars));
        return written;
    }

    private static Path line(Path file, String title, String yLabel, XYSeries series, int chosenK) throws IOException {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "k (clusters)", yLabel,
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        // one k (or equal values) must still give a readable axis
        range.setAutoRangeMinimumSize(Math.max(1e-9, 0.2 * Math.abs(series.getMaxY())));
        org.jfree.chart.plot.ValueMarker marker = new org.jfree.chart.plot.ValueMarker(chosenK);
        marker.setPaint(PALETTE[3]);
        marker.setLabel("chosen k = " + chosenK);
        marker.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{6f, 4f}, 0f));
        marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        plot.addDomainMarker(marker);
        return save(file, chart);
    }

    private static Path save(Path file, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
