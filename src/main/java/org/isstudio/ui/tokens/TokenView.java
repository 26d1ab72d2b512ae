package org.isstudio.ui.tokens;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;

import java.util.List;

/**
 * One model's {@link TokenLines} as flows of token chips: prompt chips plain, scored chips coloured from green
 * (likely) to red (unlikely), the correct class's continuation outlined; each chip's tooltip gives the token, its id
 * and its log-probability.
 */
public final class TokenView extends VBox {

    public TokenView(List<TokenLines.Line> lines) {
        super(2);
        getStyleClass().add("token-view");
        for (TokenLines.Line line : lines) {
            Label label = new Label(line.answer() ? line.label() + "  ← answer" : line.label());
            label.getStyleClass().add(line.prompt() ? "token-line-prompt" : "token-line-class");
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add("token-flow");
            if (line.answer()) flow.getStyleClass().add("token-answer");
            if (line.elided() > 0) {
                Label more = new Label("… " + line.elided() + " tokens");
                more.getStyleClass().addAll("token-chip", "token-elided");
                flow.getChildren().add(more);
            }
            for (TokenLines.Chip c : line.chips()) flow.getChildren().add(chip(c));
            getChildren().addAll(label, flow);
        }
    }

    private static Label chip(TokenLines.Chip c) {
        Label l = new Label(c.display());
        l.getStyleClass().add("token-chip");
        if (c.scored()) {
            l.getStyleClass().add("token-scored");
            Color bg = Color.hsb(TokenLines.hue(c.logprob()), 0.45, 0.97);
            l.setStyle("-fx-background-color: " + web(bg) + ";");
        } else {
            l.getStyleClass().add("token-prompt");
        }
        Tooltip tip = new Tooltip(TokenLines.tooltip(c));
        tip.setShowDelay(Duration.millis(150));
        l.setTooltip(tip);
        return l;
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
