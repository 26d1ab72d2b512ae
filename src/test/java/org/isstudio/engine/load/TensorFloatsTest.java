package org.isstudio.engine.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorFloatsTest {

    @TempDir
    Path tmp;

    @Test
    void widensHalfAndBfloatExactlyIncludingSpecialValues() throws IOException {
        // F16: 1, -2, 65504 (max), smallest subnormal 2^-24, +inf, NaN
        byte[] f16 = TorchFiles.shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x7E00);
        // BF16: 1, -2, 3.3895314e38 (max), smallest subnormal 2^-133, -inf, NaN
        byte[] bf16 = TorchFiles.shorts(0x3F80, 0xC000, 0x7F7F, 0x0001, 0xFF80, 0x7FC0);
        Map<String, SafeTensorsFiles.Spec> specs = new LinkedHashMap<>();
        specs.put("h", new SafeTensorsFiles.Spec("F16", new long[]{2, 3}, f16));
        specs.put("b", new SafeTensorsFiles.Spec("BF16", new long[]{2, 3}, bf16));
        specs.put("d", new SafeTensorsFiles.Spec("F64", new long[]{1}, new byte[]{0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F}));
        specs.put("i", new SafeTensorsFiles.Spec("I32", new long[]{1}, new byte[4]));
        try (TensorStore store = SafeTensors.open(SafeTensorsFiles.write(tmp.resolve("m.safetensors"), specs))) {
            assertArrayEquals(new float[]{1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN}, TensorFloats.read(store, "h"));
            assertArrayEquals(new float[]{1f, -2f, 3.3895314e38f, Float.intBitsToFloat(0x00010000), Float.NEGATIVE_INFINITY, Float.NaN},
                    TensorFloats.read(store, "b"));
            assertArrayEquals(new float[]{0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN}, TensorFloats.row(store, "h", 1));
            assertArrayEquals(new float[]{1f, -2f, 3.3895314e38f}, TensorFloats.row(store, "b", 0));
            assertEquals(-2f, TensorFloats.get(store.segment("b"), DType.BF16, 1));
            assertArrayEquals(new float[]{1f}, TensorFloats.read(store, "d"));
            assertThrows(IndexOutOfBoundsException.class, () -> TensorFloats.row(store, "h", 2));
            assertEquals("dtype I32 is not a floating-point type",
                    assertThrows(IllegalArgumentException.class, () -> TensorFloats.read(store, "i")).getMessage());
        }
    }

    @Test
    void readsAnUnalignedSliceIntoTheMiddleOfAnArray() {
        MemorySegment seg = MemorySegment.ofArray(new byte[1 + 8]).asSlice(1);
        seg.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4, 7.5f);
        float[] dst = new float[4];
        TensorFloats.read(seg, DType.F32, 1, dst, 2, 1);
        assertArrayEquals(new float[]{0, 0, 7.5f, 0}, dst);
    }
}
