package org.isstudio.ui.run;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.services.ModelState;

/** One model's line in the models panel: queued, downloading 40%, scoring, done, too big... */
public final class ModelStatus {

    private final ModelInfo model;
    private final ReadOnlyObjectWrapper<ModelState> state = new ReadOnlyObjectWrapper<>(this, "state", ModelState.QUEUED);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", 0);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");

    public ModelStatus(ModelInfo model) {
        this.model = model;
    }

    void update(ModelState s, double f, String d) {
        state.set(s);
        fraction.set(f);
        detail.set(d == null ? "" : d);
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
