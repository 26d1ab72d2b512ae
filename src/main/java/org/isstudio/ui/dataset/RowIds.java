package org.isstudio.ui.dataset;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Fresh identities for rows the author adds, pastes or duplicates (never exported). */
public final class RowIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RowIds() {
    }

    public static String fresh() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "u" + HexFormat.of().formatHex(b);
    }
}
