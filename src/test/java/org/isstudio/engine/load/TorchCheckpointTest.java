package org.isstudio.engine.load;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.isstudio.engine.load.TorchFiles.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchCheckpointTest {

    @TempDir
    Path tmp;

    private static final byte[] ONE_TO_SIX = SafeTensorsFiles.floats(1, 2, 3, 4, 5, 6);

    @Test
    void goldenBinHoldsWhatAnIndependentUnpicklerReads() throws IOException {
        try (TensorStore store = ModelFiles.open(Golden.root().resolve("models/opt-125m-tiny-bin"))) {
            assertEquals(Golden.root().resolve("models/opt-125m-tiny-bin/pytorch_model.bin"), store.source());
            // Sums and end values computed by Python's pickle + numpy over the zip (restricted find_class, no torch).
            assertTensor(store, "decoder.embed_tokens.weight", new long[]{50272, 32}, 88.86674302778903, 0.7665538191795349f, 0.2807038724422455f);
            assertTensor(store, "decoder.embed_positions.weight", new long[]{258, 32}, 47.66445526708776, -0.7516725659370422f, -0.3381078243255615f);
            assertTensor(store, "decoder.layers.1.self_attn.out_proj.weight", new long[]{32, 32}, 9.708101563417586, -0.10462930053472519f, 0.2171429842710495f);
            assertTensor(store, "decoder.final_layer_norm.bias", new long[]{32}, 0.17114844149909914, 0.147181436419487f, 0.014325394295156002f);
            TensorNames names = new TensorNames(store);
            assertEquals("decoder.layers.0.fc2.weight", names.resolve("model.decoder.layers.0.fc2.weight"));
        }
    }

    private static void assertTensor(TensorStore store, String name, long[] shape, double sum, float first, float last) {
        TensorInfo info = store.info(name);
        assertEquals(DType.F32, info.dtype());
        assertArrayEquals(shape, info.shape(), name);
        float[] v = TensorFloats.read(store, name);
        double s = 0;
        for (float x : v) s += x;
        assertEquals(sum, s, 1e-9, name);
        assertEquals(first, v[0], name);
        assertEquals(last, v[v.length - 1], name);
    }

    @Test
    void stridedViewsAreCopiedContiguousAndPlainOnesShareTheirStorage() throws IOException {
        byte[] pickle = TorchFiles.stateDict(List.of(
                new T("transposed", "FloatStorage", "0", 6, 0, new long[]{3, 2}, new long[]{1, 3}),
                new T("every_other", "FloatStorage", "0", 6, 1, new long[]{3}, new long[]{2}),
                new T("tail", "FloatStorage", "0", 6, 4, new long[]{2}, new long[]{1}),
                T.contiguous("embed.weight", "FloatStorage", "0", 2, 3),
                T.contiguous("lm_head.weight", "FloatStorage", "0", 2, 3),
                new T("column", "FloatStorage", "0", 6, 2, new long[]{2, 1}, new long[]{3, 7})));
        Path file = TorchFiles.checkpoint(tmp.resolve("pytorch_model.bin"), pickle, Map.of("0", ONE_TO_SIX));
        try (TensorStore store = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[]{1, 4, 2, 5, 3, 6}, TensorFloats.read(store, "transposed"));
            assertArrayEquals(new long[]{3, 2}, store.info("transposed").shape());
            assertArrayEquals(new float[]{2, 4, 6}, TensorFloats.read(store, "every_other"));
            assertArrayEquals(new float[]{5, 6}, TensorFloats.read(store, "tail"));
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorFloats.read(store, "lm_head.weight"));
            assertArrayEquals(new float[]{3, 6}, TensorFloats.read(store, "column"), "size-1 dims ignore their stride");
            // Tied weights: one storage, the same mapped bytes, no copy.
            assertEquals(store.segment("embed.weight").address(), store.segment("lm_head.weight").address());
            assertEquals(store.segment("embed.weight").address() + 16, store.segment("tail").address());
            assertEquals(List.of("transposed", "every_other", "tail", "embed.weight", "lm_head.weight", "column"), List.copyOf(store.names()));
        }
    }

    @Test
    void halfAndBfloatStoragesAndBuffers() throws IOException {
        byte[] pickle = TorchFiles.stateDict(List.of(
                T.contiguous("h", "HalfStorage", "0", 2),
                T.contiguous("b", "BFloat16Storage", "1", 2),
                T.contiguous("h.0.attn.bias", "BoolStorage", "2", 1, 1, 2, 2),
                T.contiguous("ids", "LongStorage", "3", 1)));
        byte[] half = TorchFiles.shorts(Float.floatToFloat16(1.5f), Float.floatToFloat16(-0.25f));
        byte[] bf = TorchFiles.shorts(Float.floatToRawIntBits(3f) >>> 16, Float.floatToRawIntBits(-2f) >>> 16);
        Path file = TorchFiles.checkpoint(tmp.resolve("pytorch_model.bin"), pickle,
                Map.of("0", half, "1", bf, "2", new byte[]{1, 0, 1, 1}, "3", new byte[8]));
        try (TensorStore store = TorchCheckpoint.open(file)) {
            assertEquals(DType.F16, store.info("h").dtype());
            assertArrayEquals(new float[]{1.5f, -0.25f}, TensorFloats.read(store, "h"));
            assertEquals(DType.BF16, store.info("b").dtype());
            assertArrayEquals(new float[]{3f, -2f}, TensorFloats.read(store, "b"));
            assertEquals(DType.BOOL, store.info("h.0.attn.bias").dtype());
            assertTrue(TensorNames.isBuffer(store.info("h.0.attn.bias")));
            assertEquals(DType.I64, store.info("ids").dtype());
        }
    }

    @Test
    void closingFreesMappedAndCopiedTensors() throws IOException {
        byte[] pickle = TorchFiles.stateDict(List.of(
                new T("transposed", "FloatStorage", "0", 6, 0, new long[]{3, 2}, new long[]{1, 3}),
                T.contiguous("plain", "FloatStorage", "0", 6)));
        TensorStore store = TorchCheckpoint.open(TorchFiles.checkpoint(tmp.resolve("m.bin"), pickle, Map.of("0", ONE_TO_SIX)));
        MemorySegment copied = store.segment("transposed");
        MemorySegment mapped = store.segment("plain");
        store.close();
        assertThrows(IllegalStateException.class, () -> copied.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> mapped.get(ValueLayout.JAVA_BYTE, 0));
    }

    // ------------------------------------------------------------------ hostile and broken files

    private String failure(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Path file = TorchFiles.checkpoint(tmp.resolve("evil.bin"), pickle, storages);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(file).close());
        assertEquals(file, e.file());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void refusesGlobalsThatWouldRunCode() throws IOException {
        // The classic: os.system("...") via GLOBAL + REDUCE, as a state-dict value.
        byte[] osSystem = new TorchFiles.Pickle().op(0x80, 2).op('}').str("w")
                .global("os", "system").str("touch /tmp/pwned").op(0x85, 'R').op('s', '.').bytes();
        String m = failure(osSystem, Map.of());
        assertTrue(m.startsWith("archive/data.pkl byte 9: refusing to load global os.system: a model checkpoint may only name "), m);
        assertTrue(Files.notExists(Path.of("/tmp/pwned")));

        // Protocol 4 spelling: STACK_GLOBAL builtins.eval.
        byte[] eval = new TorchFiles.Pickle().op(0x80, 4).op(0x8c, 8).op("builtins".chars().toArray())
                .op(0x8c, 4).op("eval".chars().toArray()).op(0x93).bytes();
        assertTrue(failure(eval, Map.of()).contains("refusing to load global builtins.eval"));

        // A torch name that is not a storage or rebuild function.
        byte[] torchLoad = new TorchFiles.Pickle().op(0x80, 2).global("torch", "load").bytes();
        assertTrue(failure(torchLoad, Map.of()).contains("refusing to load global torch.load"));

        // An allowed global as the persistent id's type but not a storage, and a NEWOBJ.
        byte[] badPid = new TorchFiles.Pickle().op(0x80, 2).op('(').str("storage").global("collections", "OrderedDict")
                .str("0").str("cpu").integer(1).op('t', 'Q').bytes();
        assertTrue(failure(badPid, Map.of()).contains("persistent id names global collections.OrderedDict, not a torch storage type"));
        byte[] newobj = new TorchFiles.Pickle().op(0x80, 2).global("collections", "OrderedDict").op(')', 0x81).bytes();
        assertTrue(failure(newobj, Map.of()).contains("pickle opcode 0x81 is not one torch.save writes for a state dict"));
    }

    @Test
    void refusesStateDictsThatAreNotJustTensors() throws IOException {
        byte[] epoch = new TorchFiles.Pickle().op(0x80, 2).op('}').str("epoch").integer(3).op('s', '.').bytes();
        assertEquals("tensor \"epoch\": the state dict holds a Long 3 here, not a tensor (a training checkpoint rather than model weights?)",
                failure(epoch, Map.of()));
        byte[] list = new TorchFiles.Pickle().op(0x80, 2).op(']', '.').bytes();
        assertEquals("archive/data.pkl byte 3: the pickle holds a list of 0, not a state dict", failure(list, Map.of()));
        byte[] truncated = new TorchFiles.Pickle().op(0x80, 2).op('}').bytes();
        assertTrue(failure(truncated, Map.of()).endsWith("the pickle ends without a STOP opcode (truncated?)"));
    }

    @Test
    void checksStoragesAgainstTheViewsThatUseThem() throws IOException {
        byte[] beyond = TorchFiles.stateDict(List.of(new T("w", "FloatStorage", "0", 6, 4, new long[]{2, 2}, new long[]{2, 1})));
        assertEquals("tensor \"w\": view [2, 2] with stride [2, 1] at offset 4 reaches element 7 of a 6-element storage",
                failure(beyond, Map.of("0", ONE_TO_SIX)));
        byte[] small = TorchFiles.stateDict(List.of(T.contiguous("w", "FloatStorage", "0", 8)));
        assertEquals("tensor \"w\": storage archive/data/0 holds 24 bytes, but 8 F32 elements need 32", failure(small, Map.of("0", ONE_TO_SIX)));
        byte[] absent = TorchFiles.stateDict(List.of(T.contiguous("w", "FloatStorage", "9", 6)));
        assertEquals("tensor \"w\": its storage archive/data/9 is missing", failure(absent, Map.of("0", ONE_TO_SIX)));
    }

    @Test
    void refusesOtherArchiveShapes() throws IOException {
        Path text = Files.writeString(tmp.resolve("text.bin"), "version https://git-lfs.github.com/spec/v1\n");
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(text)).getMessage()
                .endsWith("neither a torch.save zip archive nor a legacy torch pickle"));

        Path noPkl = TorchFiles.zip(tmp.resolve("nopkl.bin"), Map.of("archive/data/0", ONE_TO_SIX));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(noPkl)).getMessage()
                .endsWith("zip has no <archive>/data.pkl: not written by torch.save"));

        Map<String, byte[]> bigEndian = new LinkedHashMap<>();
        bigEndian.put("archive/data.pkl", TorchFiles.stateDict(List.of()));
        bigEndian.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        Path big = TorchFiles.zip(tmp.resolve("big.bin"), bigEndian);
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(big)).getMessage()
                .endsWith("saved on a big-endian machine; only little-endian is supported"));

        Path deflated = tmp.resolve("deflated.bin");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(deflated))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(TorchFiles.stateDict(List.of()));
            zip.closeEntry();
        }
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(deflated)).getMessage()
                .endsWith("zip entry archive/data.pkl is compressed (method 8); torch.save stores entries uncompressed, so re-save the checkpoint with torch.save"));

        byte[] whole = Files.readAllBytes(Golden.root().resolve("models/opt-125m-tiny-bin/pytorch_model.bin"));
        Path cut = Files.write(tmp.resolve("cut.bin"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(cut)).getMessage()
                .endsWith("not a complete zip file: no end-of-central-directory record (truncated?)"));
    }

    @Test
    void readsThePreZipFormatInPlace() throws IOException {
        List<T> tensors = List.of(
                T.contiguous("wte.weight", "FloatStorage", "140", 2, 3),
                new T("h.0.attn.c_attn.weight", "FloatStorage", "140", 6, 0, new long[]{3, 2}, new long[]{1, 3}),
                T.contiguous("ln_f.bias", "FloatStorage", "93", 2));
        Path file = TorchFiles.legacy(tmp.resolve("pytorch_model.bin"), tensors,
                Map.of("140", ONE_TO_SIX, "93", SafeTensorsFiles.floats(-1, -2)), 4);
        try (TensorStore store = ModelFiles.open(tmp)) {
            assertEquals(file, store.source());
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorFloats.read(store, "wte.weight"));
            assertArrayEquals(new float[]{1, 4, 2, 5, 3, 6}, TensorFloats.read(store, "h.0.attn.c_attn.weight"));
            assertArrayEquals(new float[]{-1, -2}, TensorFloats.read(store, "ln_f.bias"));
        }
    }

    @Test
    void legacyFilesAreCheckedLikeZipOnes() throws IOException {
        List<T> tensors = List.of(T.contiguous("w", "FloatStorage", "1", 6));
        Path file = TorchFiles.legacy(tmp.resolve("old.bin"), tensors, Map.of("1", ONE_TO_SIX), 4);
        byte[] whole = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.bin"), java.util.Arrays.copyOf(whole, whole.length - 4));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(cut)).getMessage()
                .endsWith("storage 1 is truncated or disagrees with its 6-element reference (file says 6)"));
        Path other = TorchFiles.legacy(tmp.resolve("other.bin"), tensors, Map.of("2", ONE_TO_SIX), 4);
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(other)).getMessage()
                .endsWith("legacy storage key 2 is used by no tensor"));
        Path pickleOnly = Files.write(tmp.resolve("p.bin"), new TorchFiles.Pickle().op(0x80, 2).integer(7).op('.').bytes());
        assertTrue(assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.open(pickleOnly)).getMessage()
                .endsWith("starts with a pickle but not torch.save's magic number"));
    }

    @Test
    void readsPython2StyleOrderedDictsWithByteStringKeys() throws IOException {
        // OrderedDict([['w', tensor]]) with SHORT_BINSTRING names, as Python 2 pickled state dicts.
        TorchFiles.Pickle p = new TorchFiles.Pickle().op(0x80, 2).global("collections", "OrderedDict").op(']', '(', ']', '(');
        p.op('U', 1, 'w').tensor("FloatStorage", "0", 6, 0, new long[]{6}, new long[]{1}, false).op('e');
        p.op('e', 0x85, 'R', '.');
        Path file = TorchFiles.checkpoint(tmp.resolve("py2.bin"), p.bytes(), Map.of("0", ONE_TO_SIX));
        try (TensorStore store = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorFloats.read(store, "w"));
        }
    }

    @Test
    void readsZip64Archives() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("pytorch_model/data.pkl", TorchFiles.stateDict(List.of(T.contiguous("w", "FloatStorage", "0", 2, 3))));
        entries.put("pytorch_model/data/0", ONE_TO_SIX);
        Path file = TorchFiles.zip64(tmp.resolve("big.bin"), entries);
        try (java.util.zip.ZipFile reference = new java.util.zip.ZipFile(file.toFile())) {
            assertArrayEquals(ONE_TO_SIX, reference.getInputStream(reference.getEntry("pytorch_model/data/0")).readAllBytes(),
                    "the fixture is a zip the JDK reads too");
        }
        try (TensorStore store = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorFloats.read(store, "w"));
        }
    }

    @Test
    void shardedBinCheckpointsOpenThroughTheirIndex() throws IOException {
        TorchFiles.checkpoint(tmp.resolve("pytorch_model-00001-of-00002.bin"),
                TorchFiles.stateDict(List.of(T.contiguous("a", "FloatStorage", "0", 6))), Map.of("0", ONE_TO_SIX));
        TorchFiles.checkpoint(tmp.resolve("pytorch_model-00002-of-00002.bin"),
                TorchFiles.stateDict(List.of(new T("b", "FloatStorage", "0", 6, 0, new long[]{2, 3}, new long[]{1, 2}))), Map.of("0", ONE_TO_SIX));
        Files.writeString(tmp.resolve(ModelFiles.PYTORCH_INDEX), """
                {"metadata": {"total_size": 48}, "weight_map": {"a": "pytorch_model-00001-of-00002.bin",
                                                                "b": "pytorch_model-00002-of-00002.bin"}}""");
        try (TensorStore store = ModelFiles.open(tmp)) {
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorFloats.read(store, "a"));
            assertArrayEquals(new float[]{1, 3, 5, 2, 4, 6}, TensorFloats.read(store, "b"));
        }
    }
}
