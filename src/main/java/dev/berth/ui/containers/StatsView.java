package dev.berth.ui.containers;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** CPU and memory of a task: current values and a one-minute chart each. */
public final class StatsView extends VBox {

    public StatsView(StatsViewModel vm, I18n i18n) {
        super(12);
        setId("stats-view");
        getStyleClass().add("stats-view");
        setPadding(new Insets(16));
        GridPane now = new GridPane();
        now.setHgap(24);
        now.setVgap(4);
        now.addRow(0, caption(i18n.tr("stats.cpu")), caption(i18n.tr("stats.memory")), caption(i18n.tr("stats.pids")));
        Label cpu = value(vm.cpuProperty());
        cpu.setId("stats-cpu");
        Label mem = value(vm.memoryProperty());
        mem.setId("stats-memory");
        now.addRow(1, cpu, mem, value(vm.pidsProperty()));
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        XYChart.Series<Number, Number> cpuSeries = new XYChart.Series<>();
        XYChart.Series<Number, Number> memSeries = new XYChart.Series<>();
        AreaChart<Number, Number> cpuChart = chart(i18n.tr("stats.cpuChart"), cpuSeries);
        AreaChart<Number, Number> memChart = chart(i18n.tr("stats.memoryChart"), memSeries);
        vm.samples().addListener((ListChangeListener<StatsViewModel.Sample>) c -> {
            var cpuData = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            var memData = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            int n = vm.samples().size();
            for (int i = 0; i < n; i++) {
                StatsViewModel.Sample s = vm.samples().get(i);
                cpuData.add(new XYChart.Data<>(i - n + 1, s.cpuPercent()));
                memData.add(new XYChart.Data<>(i - n + 1, s.memoryBytes() / 1_000_000.0));
            }
            cpuSeries.getData().setAll(cpuData);
            memSeries.getData().setAll(memData);
        });
        VBox.setVgrow(cpuChart, Priority.ALWAYS);
        VBox.setVgrow(memChart, Priority.ALWAYS);
        getChildren().addAll(now, status, cpuChart, memChart);
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    private static Label value(javafx.beans.value.ObservableStringValue v) {
        Label l = new Label();
        l.textProperty().bind(v);
        l.getStyleClass().addAll(Styles.TITLE_4, "stats-value");
        return l;
    }

    private static AreaChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series) {
        NumberAxis x = new NumberAxis(-59, 0, 10);
        x.setAutoRanging(false);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        AreaChart<Number, Number> c = new AreaChart<>(x, y);
        c.setTitle(title);
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.getData().add(series);
        c.setMinHeight(140);
        return c;
    }
}
