package org.isstudio.ui.stats;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.isstudio.ui.project.PartKey;

import java.util.List;
import java.util.Locale;

/**
 * The few-shot sweep in the Statistics tab: pick a templated part, run, and read k → slope per decade with its
 * interval and verdict. When the sweep cannot run, the reason shows beside the button and as its tooltip.
 */
final class FewShotPane extends VBox {

    FewShotPane(FewShotViewModel vm) {
        super(4);
        getStyleClass().add("few-shot-pane");
        setPadding(new Insets(6, 8, 6, 8));
        Label title = new Label("Few-shot sweep");
        title.getStyleClass().add("stat-headline");

        ChoiceBox<PartKey> part = new ChoiceBox<>(vm.parts());
        part.setId("fewShotPart");
        part.setConverter(new StringConverter<>() {
            @Override
            public String toString(PartKey k) {
                return k == null ? "" : k.label();
            }

            @Override
            public PartKey fromString(String s) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        part.valueProperty().bindBidirectional(vm.partProperty());
        part.disableProperty().bind(vm.runningProperty());

        Button run = new Button("Few-shot sweep");
        run.setId("fewShotButton");
        run.disableProperty().bind(vm.unavailableProperty().isNotEmpty());
        run.setOnAction(e -> vm.run());
        Tooltip why = new Tooltip();
        why.textProperty().bind(Bindings.when(vm.unavailableProperty().isEmpty())
                .then("Score this part again at k = 0, 1, 2, 4, 8 correct demonstrations on the current models")
                .otherwise(vm.unavailableProperty()));
        run.setTooltip(why);
        // a disabled control shows no tooltip of its own; its holder does
        StackPane holder = new StackPane(run);
        Tooltip.install(holder, why);

        Button cancel = new Button("Cancel");
        cancel.setId("fewShotCancel");
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(vm.runningProperty());
        cancel.setOnAction(e -> vm.cancel());

        Label reason = new Label();
        reason.setId("fewShotReason");
        reason.getStyleClass().add("muted");
        reason.setWrapText(true);
        reason.textProperty().bind(Bindings.when(vm.runningProperty()).then("").otherwise(vm.unavailableProperty()));

        HBox bar = new HBox(8, title, part, holder, cancel, reason);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("fewShotSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());

        TableView<FewShotViewModel.Step> table = new TableView<>(vm.steps());
        table.setId("fewShotTable");
        table.setPlaceholder(new Label("Does inverse scaling persist with correct demonstrations? Run the sweep to see."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(170);
        table.getColumns().setAll(List.of(
                StatisticsView.<FewShotViewModel.Step>column("Shots (k)", 70, s -> Integer.toString(s.shots())),
                StatisticsView.<FewShotViewModel.Step>column("Slope per decade", 120, s -> signed(s.slopePerDecade())),
                StatisticsView.<FewShotViewModel.Step>column("95% interval", 150, s -> Double.isNaN(s.ciLow()) ? ""
                        : signed(s.ciLow()) + " to " + signed(s.ciHigh())),
                StatisticsView.<FewShotViewModel.Step>column("Verdict", 120, s -> verdict(s)),
                StatisticsView.<FewShotViewModel.Step>column("Examples", 80, s -> Integer.toString(s.pairedExamples()))));
        getChildren().setAll(bar, summary, table);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.4f", v);
    }

    static String verdict(FewShotViewModel.Step s) {
        return switch (s.verdict()) {
            case INVERSE -> "inverse scaling";
            case STANDARD -> "standard scaling";
            case UNCLEAR -> "no clear trend";
        };
    }
}
