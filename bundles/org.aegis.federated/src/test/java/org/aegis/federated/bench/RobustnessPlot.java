package org.aegis.federated.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The bench's figures, drawn with JFreeChart: final test accuracy per strategy under each attack (bars), and
 * accuracy per round for every strategy, one panel per attack (curves), both for IID clients and 20 % Byzantine.
 */
final class RobustnessPlot {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
            new Color(0x7f7f7f)};

    private final List<RunOutcome> results;
    private final String model;
    private final String partition;
    private final double fraction;

    RobustnessPlot(List<RunOutcome> results, String model, String partition, double fraction) {
        this.results = results;
        this.model = model;
        this.partition = partition;
        this.fraction = fraction;
    }

    /** Bars: one group per attack, one bar per strategy, the final accuracy. */
    void drawFinalAccuracy(Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Attack attack : Attack.values()) {
            for (Rule rule : Rule.all()) {
                find(rule.name(), attack).ifPresent(r -> data.addValue(100 * nanToZero(r.finalAccuracy()),
                        rule.name(), attack.label()));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(String.format(java.util.Locale.ROOT,
                "Fashion-MNIST, %s, %s, 20 clients, %d %% Byzantine: test accuracy after the last round", model,
                partition, Math.round(100 * fraction)), "attack", "test accuracy (%)", data);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 100);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        CategoryAxis axis = plot.getDomainAxis();
        axis.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        for (int i = 0; i < data.getRowCount(); i++) {
            plot.getRenderer().setSeriesPaint(i, colour(data.getRowKey(i).toString()));
        }
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        write(png, 1200, 600, (g, area) -> chart.draw(g, area));
    }

    /** Curves: one panel per attack (clean included), accuracy per round of every strategy. */
    void drawCurves(Path png, RunOutcome centralised) throws IOException {
        Attack[] attacks = Attack.values();
        int columns = 3;
        int rows = (attacks.length + columns - 1) / columns;
        int width = 520;
        int height = 380;
        write(png, columns * width, rows * height, (g, area) -> {
            for (int a = 0; a < attacks.length; a++) {
                Rectangle2D.Double cell = new Rectangle2D.Double((a % columns) * width, (a / columns) * height,
                        width, height);
                curves(attacks[a], centralised).draw(g, cell);
            }
        });
    }

    private JFreeChart curves(Attack attack, RunOutcome centralised) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Rule rule : Rule.all()) {
            find(rule.name(), attack).ifPresent(r -> data.addSeries(series(rule.name(), r.accuracy())));
        }
        data.addSeries(series("centralised", centralised.accuracy()));
        String title = attack == Attack.NONE ? "no attack" : String.format(java.util.Locale.ROOT, "%s, %d %% Byzantine",
                attack.label(), Math.round(100 * fraction));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "round", "test accuracy (%)", data);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 100);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean reference = data.getSeriesKey(i).equals("centralised");
            renderer.setSeriesPaint(i, reference ? Color.BLACK : colour(data.getSeriesKey(i).toString()));
            renderer.setSeriesStroke(i, reference
                    ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return chart;
    }

    /** The same colour for a strategy in every figure. */
    private static Color colour(String rule) {
        List<Rule> rules = Rule.all();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equals(rule)) {
                return COLOURS[i];
            }
        }
        return COLOURS[COLOURS.length - 1];
    }

    private static XYSeries series(String name, double[] accuracy) {
        XYSeries series = new XYSeries(name);
        for (int r = 0; r < accuracy.length; r++) {
            if (Double.isFinite(accuracy[r])) {
                series.add(r + 1, 100 * accuracy[r]);
            }
        }
        return series;
    }

    private Optional<RunOutcome> find(String rule, Attack attack) {
        double wanted = attack == Attack.NONE ? 0 : fraction;
        return results.stream().filter(r -> r.scenario().model().equals(model)
                && r.scenario().partition().equals(partition) && r.scenario().rule().equals(rule)
                && r.scenario().attack() == attack && r.scenario().fraction() == wanted).findFirst();
    }

    private static double nanToZero(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private interface Painter {
        void paint(Graphics2D g, Rectangle2D.Double area);
    }

    private static void write(Path png, int width, int height, Painter painter) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.paint(g, new Rectangle2D.Double(0, 0, width, height));
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
