package org.isstudio.engine.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional {@code __metadata__} map of strings), then the
 * tensor bytes. The file is memory-mapped once and each tensor is a read-only slice of that mapping.
 *
 * <p>Validation follows the reference implementation (huggingface/safetensors {@code Metadata::validate}): the
 * header is at most 100 MB of UTF-8 JSON, every byte count matches its dtype and shape, and the tensors tile the
 * data area exactly, in offset order, with no gap, overlap or trailing bytes. A file the reference library would
 * reject is rejected here too, so a truncated download fails at load instead of producing garbage weights.
 */
public final class SafeTensors {

    /** The reference implementation's bound; a larger header is a corrupt length, not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private SafeTensors() {
    }

    /** Maps one {@code .safetensors} file into a store of its own. */
    public static TensorStore open(Path file) throws IOException {
        return MappedTensorStore.open(file, SafeTensors::read);
    }

    /** Maps {@code file} into {@code arena} and adds its tensors, in header order. */
    static void read(Path file, Arena arena, MappedTensorStore.Tensors into) throws IOException {
        MemorySegment whole = MappedTensorStore.mapFile(file, arena);
        for (Entry e : parseHeader(file, whole)) {
            into.add(new MappedTensorStore.Tensor(e.info(), file, whole.asSlice(e.start(), e.info().byteSize())));
        }
    }

    /** A tensor's description and the absolute file offset of its first byte. */
    record Entry(TensorInfo info, long start) {
    }

    static List<Entry> parseHeader(Path file, MemorySegment whole) {
        long size = whole.byteSize();
        if (size < 8) {
            throw new CheckpointFormatException(file, "not a safetensors file: " + size + " bytes, too short for the 8-byte header length");
        }
        long headerLength = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointFormatException(file, "not a safetensors file: header length " + Long.toUnsignedString(headerLength)
                    + " is outside 2.." + MAX_HEADER_BYTES);
        }
        if (headerLength > size - 8) {
            throw new CheckpointFormatException(file, "truncated: header length " + headerLength + " but only "
                    + (size - 8) + " bytes follow it");
        }
        JsonNode header = readJson(file, whole.asSlice(8, headerLength));
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;

        List<Entry> entries = new ArrayList<>();
        List<long[]> offsets = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                checkMetadata(file, field.getValue());
                continue;
            }
            JsonNode spec = field.getValue();
            if (!spec.isObject()) throw CheckpointFormatException.forTensor(file, name, "header entry is not an object");
            DType dtype = dtype(file, name, spec.get("dtype"));
            long[] shape = longs(file, name, spec, "shape", -1);
            long[] range = longs(file, name, spec, "data_offsets", 2);
            TensorInfo info = new TensorInfo(name, dtype, shape);
            long bytes = byteSize(file, info);
            if (range[1] < range[0] || range[1] - range[0] != bytes) {
                throw CheckpointFormatException.forTensor(file, name, "data_offsets [" + range[0] + ", " + range[1] + "] hold "
                        + (range[1] - range[0]) + " bytes, but " + dtype + " " + Arrays.toString(shape) + " needs " + bytes);
            }
            if (range[1] > dataLength) {
                throw CheckpointFormatException.forTensor(file, name, "truncated: data ends at byte " + (dataStart + range[1])
                        + " of a " + size + "-byte file");
            }
            entries.add(new Entry(info, dataStart + range[0]));
            offsets.add(new long[]{range[0], range[1], entries.size() - 1});
        }
        checkTiling(file, entries, offsets, dataLength);
        return entries;
    }

    private static JsonNode readJson(Path file, MemorySegment bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.asByteBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(file, "safetensors header is not valid UTF-8");
        }
        JsonNode header;
        try {
            header = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file, "safetensors header is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointFormatException(file, "safetensors header is not a JSON object");
        }
        return header;
    }

    private static void checkMetadata(Path file, JsonNode metadata) {
        if (metadata.isNull()) return;
        if (!metadata.isObject()) throw new CheckpointFormatException(file, "__metadata__ is not an object");
        for (Map.Entry<String, JsonNode> f : metadata.properties()) {
            if (!f.getValue().isTextual()) {
                throw new CheckpointFormatException(file, "__metadata__ field \"" + f.getKey() + "\" is not a string");
            }
        }
        // transformers converts these on load (TF/Flax names, transposed kernels); PyTorch-layout loading cannot.
        String format = metadata.path("format").asText("pt");
        if (format.equals("tf") || format.equals("flax")) {
            throw new CheckpointFormatException(file, "holds " + format + " weights (__metadata__ format \"" + format
                    + "\"), whose tensor names and layouts are not PyTorch's; use the repository's PyTorch weights");
        }
    }

    private static DType dtype(Path file, String name, JsonNode node) {
        if (node == null || !node.isTextual()) throw CheckpointFormatException.forTensor(file, name, "missing dtype");
        String s = node.asText();
        return switch (s) {
            case "F64" -> DType.F64;
            case "F32" -> DType.F32;
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            case "I64" -> DType.I64;
            case "I32" -> DType.I32;
            case "I16" -> DType.I16;
            case "I8" -> DType.I8;
            case "U8" -> DType.U8;
            case "BOOL" -> DType.BOOL;
            case "U16", "U32", "U64", "C64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4" ->
                    throw CheckpointFormatException.forTensor(file, name, "dtype " + s + " is not supported (weights must be F32, F16 or BF16;"
                            + " quantized checkpoints need converting first)");
            default -> throw CheckpointFormatException.forTensor(file, name, "unknown dtype \"" + s + "\"");
        };
    }

    /** Reads a non-negative integer array field; {@code length} -1 means any length. */
    private static long[] longs(Path file, String name, JsonNode spec, String field, int length) {
        JsonNode node = spec.get(field);
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw CheckpointFormatException.forTensor(file, name, "missing or malformed " + field);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw CheckpointFormatException.forTensor(file, name, field + " must hold non-negative integers, found " + node);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    private static long byteSize(Path file, TensorInfo info) {
        try {
            long n = info.dtype().bytes();
            for (long d : info.shape()) n = Math.multiplyExact(n, d);
            return n;
        } catch (ArithmeticException e) {
            throw CheckpointFormatException.forTensor(file, info.name(), "shape " + Arrays.toString(info.shape()) + " overflows");
        }
    }

    private static void checkTiling(Path file, List<Entry> entries, List<long[]> offsets, long dataLength) {
        offsets.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]));
        long expected = 0;
        for (long[] o : offsets) {
            if (o[0] != expected) {
                String name = entries.get((int) o[2]).info().name();
                throw CheckpointFormatException.forTensor(file, name, o[0] < expected
                        ? "data_offsets overlap the previous tensor (starts at " + o[0] + ", previous ends at " + expected + ")"
                        : "gap before data_offsets start " + o[0] + " (previous tensor ends at " + expected + ")");
            }
            expected = o[1];
        }
        if (expected != dataLength) {
            throw new CheckpointFormatException(file, "tensors cover " + expected + " data bytes but the file holds "
                    + dataLength + " after the header (truncated or trailing bytes)");
        }
    }
}
