package org.isstudio.eval.report;

import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContestPlotRendererTest {

    @TempDir
    Path dir;

    private static ScalingPlot gpt2Loss() {
        return new ScalingPlot(TaskType.CLASSIFICATION, false, List.of(new ScalingPlot.Line("300 examples (with SEM)", List.of(
                new ScalingPlot.Point("gpt2-xl", 1_500_000_000L, 0.93, 0.04),
                new ScalingPlot.Point("gpt2", 124_000_000L, 0.71, 0.03),
                new ScalingPlot.Point("gpt2-medium", 355_000_000L, 0.69, 0.03),
                new ScalingPlot.Point("gpt2-large", 774_000_000L, 0.80, 0.035)))), Math.log(2));
    }

    @Test
    void pngHasTheFigureSizeAndDrawsTheLineOnTheGgplotPanel() throws IOException {
        Path png = dir.resolve("loss_plot.png");
        ContestPlotRenderer.writePng(gpt2Loss(), png, 1.5);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
        int panel = 0;
        int line = 0;
        int black = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb == 0xE5E5E5) panel++;
                if (rgb == 0xE24A33) line++;
                if (rgb == 0x000000) black++;
            }
        }
        assertTrue(panel > 900 * 600 / 3, "the grey panel fills most of the figure: " + panel);
        assertTrue(line > 200, "the first line is ggplot red: " + line);
        assertTrue(black > 100, "title text and the dashed baseline are black: " + black);
    }

    @Test
    void svgCarriesTheContestsTitleLabelsAndModelTicks() throws IOException {
        Path svg = dir.resolve("loss_plot.svg");
        ContestPlotRenderer.writeSvg(gpt2Loss(), svg);
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, 40));
        for (String s : List.of("Log-log plot of loss vs model size", "<!-- Loss -->", ">Model size<", ">0.7<", ">gpt2<", ">gpt2-medium<",
                ">gpt2-large<", ">gpt2-xl<", "Baseline (equal probability)", "300 examples (with SEM)")) {
            assertTrue(text.contains(s), "missing " + s);
        }
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void stylesFollowTheTaskType() {
        assertEquals("Log plot of accuracy vs model size", PlotStyle.of(TaskType.CLASSIFICATION_ACC, false).title());
        assertEquals("300 examples", PlotStyle.of(TaskType.CLASSIFICATION_ACC, false).lineLabel(300));
        assertEquals("Log-log plot of loss vs model size (inverted)", PlotStyle.of(TaskType.SEQUENCE_PROB, true).title());
        assertEquals("Absolute logodds difference", PlotStyle.of(TaskType.ABSOLUTE_LOGODDS, false).yLabel());
        assertFalse(PlotStyle.of(TaskType.LOGODDS, false).logY());
        var chart = ContestPlotRenderer.chart(new ScalingPlot(TaskType.CLASSIFICATION_ACC, false, List.of(
                new ScalingPlot.Line("10 examples", List.of(new ScalingPlot.Point("a", 10, 0.5, 0.1)))), 0.5));
        assertEquals(-0.02, chart.getXYPlot().getRangeAxis().getLowerBound(), 1e-12);
        assertEquals(1.02, chart.getXYPlot().getRangeAxis().getUpperBound(), 1e-12);
    }
}
