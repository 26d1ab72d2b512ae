package org.isstudio.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prism settings chosen before the toolkit starts. Where JavaFX has no GPU it draws in software (virtual machines,
 * remote desktops, Xvfb, Linux without a GPU driver), and there its cache of region backgrounds costs more than
 * it saves: every cached background is a scaled image copy per frame. {@code isstudio bench --ui} on a 2-core VM
 * under Xvfb, cache on then off, back to back: while scoring live on 10,000 rows the median frame went from 64 to
 * 32 ms, the 99th percentile from 176 to 73 ms and frames over 100 ms from 19 to 1; scrolling's median from 31 to
 * 18 ms. On a GPU the cache stays on.
 */
final class Rendering {

    static final String REGION_CACHING = "prism.disableRegionCaching";

    private Rendering() {
    }

    /** Turns region caching off where drawing will be in software, unless the user chose either way. */
    static void configure() {
        if (System.getProperty(REGION_CACHING) != null) return;
        if (software(System.getProperty("prism.order", ""), System.getProperty("os.name", ""), Files.isDirectory(Path.of("/dev/dri")))) {
            System.setProperty(REGION_CACHING, "true");
        }
    }

    /**
     * Whether Prism will draw in software: asked for ({@code -Dprism.order=sw}), or Linux without a GPU device
     * ({@code /dev/dri}), where the OpenGL pipeline cannot start. macOS and Windows always have a GPU pipeline.
     */
    static boolean software(String prismOrder, String osName, boolean hasGpuDevice) {
        if (prismOrder.strip().toLowerCase(Locale.ROOT).startsWith("sw")) return true;
        return osName.toLowerCase(Locale.ROOT).contains("linux") && !hasGpuDevice;
    }
}
