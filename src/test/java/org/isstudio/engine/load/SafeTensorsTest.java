package org.isstudio.engine.load;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {

    @TempDir
    Path tmp;

    static Path golden(String model) {
        return Golden.root().resolve("models").resolve(model);
    }

    @Test
    void halfPrecisionCopiesHoldTheF32WeightsRounded() throws IOException {
        try (TensorStore f32 = SafeTensors.open(golden("gpt2-tiny").resolve("model.safetensors"));
             TensorStore f16 = SafeTensors.open(golden("gpt2-tiny-f16").resolve("model.safetensors"));
             TensorStore bf16 = SafeTensors.open(golden("gpt2-tiny-bf16").resolve("model.safetensors"))) {
            for (String name : List.of("wte.weight", "h.1.mlp.c_fc.weight", "ln_f.bias")) {
                float[] exact = TensorFloats.read(f32, name);
                float[] half = TensorFloats.read(f16, name);
                float[] brain = TensorFloats.read(bf16, name);
                for (int i = 0; i < exact.length; i++) {
                    assertEquals(Float.float16ToFloat(Float.floatToFloat16(exact[i])), half[i], name + "[" + i + "] F16");
                    assertEquals(roundToBf16(exact[i]), brain[i], name + "[" + i + "] BF16");
                }
            }
        }
    }

    /** Round-to-nearest-even to bfloat16, as torch's .to(torch.bfloat16) does for finite values. */
    private static float roundToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    @Test
    void buffersHoldWhatTransformersWrote() throws IOException {
        try (TensorStore gpt2 = ModelFiles.open(golden("gpt2-tiny"));
             TensorStore neo = ModelFiles.open(golden("gpt-neo-tiny"));
             TensorStore gptj = ModelFiles.open(golden("gptj-tiny"));
             TensorStore pythia = ModelFiles.open(golden("pythia-tiny"));
             TensorStore llama = ModelFiles.open(golden("llama-tiny"))) {
            assertCausalMask(gpt2, "h.0.attn.bias", DType.F32);
            assertCausalMask(neo, "transformer.h.0.attn.attention.bias", DType.U8);
            assertCausalMask(gptj, "transformer.h.1.attn.bias", DType.BOOL);
            assertCausalMask(pythia, "gpt_neox.layers.0.attention.bias", DType.BOOL);
            assertArrayEquals(new float[]{1f, 0.01f}, TensorFloats.read(pythia, "gpt_neox.layers.1.attention.rotary_emb.inv_freq"), 1e-7f);
            assertArrayEquals(new float[]{1f, 0.1f, 0.01f, 0.001f},
                    TensorFloats.read(llama, "model.layers.0.self_attn.rotary_emb.inv_freq"), 1e-7f);
            TensorInfo masked = pythia.info("gpt_neox.layers.0.attention.masked_bias");
            assertEquals(0, masked.shape().length);
            assertEquals(1, masked.elementCount());
        }
    }

    private static void assertCausalMask(TensorStore store, String name, DType dtype) {
        TensorInfo info = store.info(name);
        assertEquals(dtype, info.dtype(), name);
        assertArrayEquals(new long[]{1, 1, 256, 256}, info.shape(), name);
        MemorySegment s = store.segment(name);
        for (int i = 0; i < 256; i += 17) {
            for (int j = 0; j < 256; j += 13) {
                long k = i * 256L + j;
                boolean one = dtype == DType.F32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, k) == 1f : s.get(ValueLayout.JAVA_BYTE, k) == 1;
                assertEquals(j <= i, one, name + "[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void closingUnmapsEverySegment() throws IOException {
        TensorStore store = ModelFiles.open(golden("qwen2-tiny"));
        MemorySegment s = store.segment("model.norm.weight");
        float before = s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 0);
        assertTrue(Float.isFinite(before));
        store.close();
        assertThrows(IllegalStateException.class, () -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 0));
        assertThrows(IllegalStateException.class, () -> store.segment("model.norm.weight"));
        store.close(); // idempotent
    }

    @Test
    void segmentsAreReadOnly() throws IOException {
        try (TensorStore store = ModelFiles.open(golden("qwen2-tiny"))) {
            MemorySegment s = store.segment("model.norm.weight");
            assertTrue(s.isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
    }

    @Test
    void missingTensorNamesFileAndTensor() throws IOException {
        Path f = SafeTensorsFiles.write(tmp.resolve("model.safetensors"),
                Map.of("a", new SafeTensorsFiles.Spec("F32", new long[]{2}, SafeTensorsFiles.floats(1, 2))));
        try (TensorStore store = SafeTensors.open(f)) {
            assertArrayEquals(new float[]{1, 2}, TensorFloats.read(store, "a"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.info("b"));
            assertEquals(f + ": no tensor \"b\"", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ corrupt files

    private String failure(byte[] bytes) throws IOException {
        Path f = Files.write(tmp.resolve("bad.safetensors"), bytes);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.open(f).close());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private String failure(String header, byte[]... data) throws IOException {
        Path f = SafeTensorsFiles.writeRaw(tmp.resolve("bad.safetensors"), header, data);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.open(f).close());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void rejectsFilesTooShortOrWithImpossibleHeaderLengths() throws IOException {
        assertEquals("not a safetensors file: 3 bytes, too short for the 8-byte header length", failure(new byte[3]));
        assertEquals("not a safetensors file: header length 0 is outside 2..100000000", failure(new byte[8]));
        byte[] huge = new byte[16];
        huge[7] = (byte) 0x80; // a pickle or zip read as a length is enormous
        assertTrue(failure(huge).startsWith("not a safetensors file: header length 9223372036854775808"));
        byte[] truncated = {64, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
        assertEquals("truncated: header length 64 but only 2 bytes follow it", failure(truncated));
    }

    @Test
    void rejectsHeadersThatAreNotAJsonObjectOfTensors() throws IOException {
        assertTrue(failure("{\"a\": ").startsWith("safetensors header is not valid JSON: "));
        assertEquals("safetensors header is not a JSON object", failure("[1, 2]"));
        assertTrue(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4]).contains("Duplicate field 'a'"));
        assertEquals("tensor \"a\": missing dtype", failure("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]));
        assertEquals("tensor \"a\": missing or malformed data_offsets", failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]));
        assertEquals("tensor \"a\": shape must hold non-negative integers, found [-1]",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]));
        assertEquals("__metadata__ field \"format\" is not a string", failure("{\"__metadata__\":{\"format\":1}}"));
        assertEquals("holds tf weights (__metadata__ format \"tf\"), whose tensor names and layouts are not PyTorch's;"
                + " use the repository's PyTorch weights", failure("{\"__metadata__\":{\"format\":\"tf\"}}"));
        byte[] bad = {8, 0, 0, 0, 0, 0, 0, 0, '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertEquals("safetensors header is not valid UTF-8", failure(bad));
    }

    @Test
    void recognisesButRefusesQuantizedAndUnknownDtypes() throws IOException {
        assertEquals("tensor \"w\": dtype F8_E4M3 is not supported (weights must be F32, F16 or BF16; quantized checkpoints need converting first)",
                failure("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]));
        assertEquals("tensor \"w\": unknown dtype \"Q4_K\"",
                failure("{\"w\":{\"dtype\":\"Q4_K\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]));
    }

    @Test
    void rejectsOffsetsThatDisagreeWithShapesOrDoNotTileTheData() throws IOException {
        assertEquals("tensor \"a\": data_offsets [0, 8] hold 8 bytes, but F32 [3] needs 12",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]));
        assertEquals("tensor \"b\": gap before data_offsets start 8 (previous tensor ends at 4)",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]));
        assertEquals("tensor \"b\": data_offsets overlap the previous tensor (starts at 4, previous ends at 8)",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]));
        assertEquals("tensors cover 4 data bytes but the file holds 12 after the header (truncated or trailing bytes)",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]));
        assertEquals("tensor \"a\": shape [4611686018427387904, 4] overflows",
                failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", new byte[4]));
    }

    @Test
    void aTruncatedDownloadNamesTheFirstTensorPastTheEnd() throws IOException {
        byte[] whole = Files.readAllBytes(golden("opt-350m-tiny").resolve("model.safetensors"));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1000);
        String message = failure(cut);
        assertTrue(message.startsWith("tensor \"") && message.contains("\": truncated: data ends at byte "), message);
    }

    /** A sparse 3 GiB file: mapping has no 2 GiB limit and reads nothing until touched. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void mapsTensorsLargerThanTwoGigabytesInPlace() throws IOException {
        long elements = 805_306_368L; // 3 GiB of F32
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + elements * 4 + "]}}";
        Path f = SafeTensorsFiles.writeRaw(tmp.resolve("big.safetensors"), header);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            long end = ch.size() + elements * 4;
            ch.write(ByteBuffer.wrap(SafeTensorsFiles.floats(42f)), end - 4);
        }
        try (TensorStore store = SafeTensors.open(f)) {
            MemorySegment s = store.segment("big");
            assertEquals(elements * 4, s.byteSize());
            assertEquals(42f, TensorFloats.get(s, DType.F32, elements - 1));
            assertEquals(0f, TensorFloats.get(s, DType.F32, elements / 2));
        }
    }

    @Test
    void zeroSizedAndZeroDimTensorsAreAllowed() throws IOException {
        Map<String, SafeTensorsFiles.Spec> specs = new LinkedHashMap<>();
        specs.put("empty", new SafeTensorsFiles.Spec("F32", new long[]{0, 5}, new byte[0]));
        specs.put("scalar", new SafeTensorsFiles.Spec("F32", new long[]{}, SafeTensorsFiles.floats(-1e9f)));
        try (TensorStore store = SafeTensors.open(SafeTensorsFiles.write(tmp.resolve("m.safetensors"), specs))) {
            assertEquals(0, store.segment("empty").byteSize());
            assertArrayEquals(new float[]{-1e9f}, TensorFloats.read(store, "scalar"));
        }
    }
}
