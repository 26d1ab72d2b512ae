package org.isstudio.engine.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Writes small safetensors files for tests: well-formed ones, or with a hand-written header. */
final class SafeTensorsFiles {

    /** One tensor to write: safetensors dtype name, shape and raw little-endian bytes. */
    record Spec(String dtype, long[] shape, byte[] data) {
    }

    private SafeTensorsFiles() {
    }

    /** A well-formed file holding {@code tensors} contiguously in the given order. */
    static Path write(Path file, Map<String, Spec> tensors) throws IOException {
        StringJoiner header = new StringJoiner(",", "{", "}");
        header.add("\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, Spec> e : tensors.entrySet()) {
            Spec s = e.getValue();
            header.add("\"" + e.getKey() + "\":{\"dtype\":\"" + s.dtype() + "\",\"shape\":" + Arrays.toString(s.shape())
                    + ",\"data_offsets\":[" + offset + "," + (offset + s.data().length) + "]}");
            offset += s.data().length;
        }
        byte[][] data = tensors.values().stream().map(Spec::data).toArray(byte[][]::new);
        return writeRaw(file, header.toString(), data);
    }

    /** A file with exactly this header text (padded with spaces to a multiple of 8, as the reference writer does). */
    static Path writeRaw(Path file, String header, byte[]... data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + Arrays.stream(data).mapToInt(d -> d.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) out.put((byte) ' ');
        for (byte[] d : data) out.put(d);
        return Files.write(file, out.array());
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    /** Copies every tensor of a store into specs (to re-shard or re-write golden tensors). */
    static Map<String, Spec> specs(TensorStore store) {
        Map<String, Spec> out = new LinkedHashMap<>();
        for (String name : store.names()) {
            TensorInfo info = store.info(name);
            out.put(name, new Spec(info.dtype().name(), info.shape(), store.segment(name).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
        return out;
    }
}
