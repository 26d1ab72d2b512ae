package org.isstudio.engine.load;

import java.util.Arrays;

/** Name, element type and shape of one stored tensor ({@code shape} is empty for a 0-dim tensor). */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public long byteSize() {
        return elementCount() * dtype.bytes();
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
