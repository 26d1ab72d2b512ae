package org.isstudio.ui.run;

import org.isstudio.ui.services.ModelState;
import org.isstudio.ui.testing.Fakes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelStatusTest {

    private final ModelStatus status = new ModelStatus(Fakes.LARGE);

    private void assertShows(ModelState state, double fraction, String detail) {
        assertEquals(state, status.stateProperty().get());
        assertEquals(fraction, status.fractionProperty().get(), 1e-12);
        assertEquals(detail, status.detailProperty().get());
    }

    @Test
    void aModelOnDiskGoesFromDownloadedThroughLoadingAndScoringToDone() {
        assertShows(ModelState.QUEUED, 0, "");
        status.update(ModelState.DOWNLOADED, 0, "");
        assertShows(ModelState.DOWNLOADED, 0, "");
        status.update(ModelState.LOADING, -1, "");
        assertShows(ModelState.LOADING, -1, "");
        status.update(ModelState.SCORING, -1, "");
        status.update(ModelState.DONE, 1, "");
        assertShows(ModelState.DONE, 1, "");
    }

    @Test
    void aTooBigModelStaysMarkedWhileItDownloadsAndTheWarningStaysInTheDetails() {
        status.update(ModelState.QUEUED, 0, "downloaded from the Hub when its turn comes");
        status.update(ModelState.TOO_BIG, -1, "l needs 26 GB of memory, this machine has 8 GB");
        assertShows(ModelState.TOO_BIG, 0, "l needs 26 GB of memory, this machine has 8 GB");
        status.update(ModelState.DOWNLOADING, 0.25, "512 MB of 2.0 GB");
        assertShows(ModelState.TOO_BIG, 0.25, "512 MB of 2.0 GB · l needs 26 GB of memory, this machine has 8 GB");
        status.update(ModelState.FAILED, 0, "out of memory");
        assertShows(ModelState.FAILED, 0, "out of memory · l needs 26 GB of memory, this machine has 8 GB");
    }

    @Test
    void aWarnedModelThatScoresAfterAllShowsItsRealState() {
        status.update(ModelState.TOO_BIG, -1, "close other programs first");
        status.update(ModelState.SCORING, -1, "");
        assertShows(ModelState.SCORING, -1, "close other programs first");
        status.update(ModelState.DONE, 1, "");
        assertShows(ModelState.DONE, 1, "");
    }
}
