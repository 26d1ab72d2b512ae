package org.isstudio.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderingTest {

    @Test
    void softwareDrawingIsAskedForOrLinuxWithoutAGpuDevice() {
        assertTrue(Rendering.software("sw", "Mac OS X", true), "asked for");
        assertTrue(Rendering.software(" SW,es2", "Linux", true), "asked for first");
        assertTrue(Rendering.software("", "Linux", false), "no /dev/dri: the OpenGL pipeline cannot start");
        assertFalse(Rendering.software("", "Linux", true));
        assertFalse(Rendering.software("es2,sw", "Linux", true), "a GPU pipeline first");
        assertFalse(Rendering.software("", "Windows 11", false), "Direct3D");
        assertFalse(Rendering.software("", "Mac OS X", false), "Metal or OpenGL");
    }
}
