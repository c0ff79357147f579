package dev.vibe.engine.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a training loss curve (log scale) as a PNG with java.awt, headless. Written here rather than with
 * jfreechart because the engine module, where training lives, must stay free of UI libraries.
 */
public final class LossChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LossChart() {
    }

    /** Writes {@code losses} (one a step, at least two, all positive) to {@code png} with a title. */
    public static void write(Path png, List<Double> losses, String title) {
        if (losses.size() < 2) {
            throw new IllegalArgumentException("a loss curve needs at least two points, got " + losses.size());
        }
        System.setProperty("java.awt.headless", "true");
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double l : losses) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("loss must be positive and finite, got " + l);
            }
            lo = Math.min(lo, Math.log10(l));
            hi = Math.max(hi, Math.log10(l));
        }
        lo = Math.floor(lo);
        hi = Math.ceil(hi);
        if (hi == lo) {
            hi = lo + 1;
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int e = (int) lo; e <= (int) hi; e++) {
                int y = TOP + (int) Math.round(plotH * (hi - e) / (hi - lo));
                g.setColor(new Color(225, 225, 225));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(java.math.BigDecimal.valueOf(Math.pow(10, e)).stripTrailingZeros().toPlainString(), 5, y + 4);
            }
            int steps = losses.size();
            for (int i = 0; i <= 4; i++) {
                int step = (steps - 1) * i / 4;
                int x = LEFT + (int) Math.round(plotW * (double) step / (steps - 1));
                g.drawString(String.valueOf(step + 1), x - 10, TOP + plotH + 18);
            }
            g.drawString("step", LEFT + plotW / 2 - 12, HEIGHT - 10);
            g.drawRect(LEFT, TOP, plotW, plotH);
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < steps; i++) {
                double x = LEFT + plotW * (double) i / (steps - 1);
                double y = TOP + plotH * (hi - Math.log10(losses.get(i))) / (hi - lo);
                if (i == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
            }
            g.setColor(new Color(31, 119, 180));
            g.setStroke(new BasicStroke(1.2f));
            g.draw(line);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, TOP - 14);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write loss chart: " + e.getMessage(), e);
        }
    }
}
