package org.isstudio.ui.run;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelState;

/**
 * One model's line in the models panel: queued, downloaded, downloading 40%, loading, scoring, done, failed, or too
 * big for this machine. The size warning comes before the model is opened and the attempt goes on, so the line
 * stays "too big" while it downloads and loads (progress still moving) and the warning stays in the details until
 * the model scores.
 */
public final class ModelStatus {

    private final ModelInfo model;
    private final ReadOnlyObjectWrapper<ModelState> state = new ReadOnlyObjectWrapper<>(this, "state", ModelState.QUEUED);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", 0);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");

    public ModelStatus(ModelInfo model) {
        this.model = model;
    }

    private String warning = "";

    void update(ModelState s, double f, String d) {
        String said = d == null ? "" : d;
        if (s == ModelState.TOO_BIG) {
            warning = said;
            said = "";
        }
        boolean opening = s == ModelState.TOO_BIG || s == ModelState.DOWNLOADING || s == ModelState.LOADING;
        state.set(!warning.isEmpty() && opening ? ModelState.TOO_BIG : s);
        fraction.set(s == ModelState.TOO_BIG ? 0 : f);
        detail.set(warning.isEmpty() || s == ModelState.DONE ? said : said.isEmpty() ? warning : said + " · " + warning);
    }

    public ModelInfo model() {
        return model;
    }

    public ReadOnlyObjectProperty<ModelState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }
}
