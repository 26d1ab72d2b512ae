package org.isstudio.engine.arch;

import org.isstudio.engine.kernel.Matrix;
import org.isstudio.engine.load.CheckpointFormatException;
import org.isstudio.engine.load.DType;
import org.isstudio.engine.load.HfConfig;
import org.isstudio.engine.load.TensorFloats;
import org.isstudio.engine.load.TensorInfo;
import org.isstudio.engine.load.TensorNames;
import org.isstudio.engine.load.TensorStore;

import java.util.Arrays;

/**
 * The tensors of one checkpoint as an architecture asks for them: by their transformers {@code *ForCausalLM}
 * names (prefixes resolved by {@link TensorNames}), shape-checked against what config.json implies, so a
 * missing or mis-shaped tensor is an error naming the file and the tensor. Matrices stay in the mapped file;
 * only vectors (biases, norm gains) are upcast to float.
 */
final class Checkpoint {

    final HfConfig config;
    final TensorNames names;
    private final TensorStore store;

    Checkpoint(HfConfig config, TensorStore store) {
        this.config = config;
        this.store = store;
        this.names = new TensorNames(store);
    }

    /** A matrix of {@code out} outputs by {@code in} inputs, stored {@code [out, in]} or, for IN_OUT, {@code [in, out]}. */
    Matrix matrix(String name, Matrix.Layout layout, int in, int out) {
        TensorInfo info = layout == Matrix.Layout.OUT_IN ? names.require(name, out, in) : names.require(name, in, out);
        if (info.dtype() != DType.F32 && info.dtype() != DType.F16
                && info.dtype() != DType.BF16) {
            throw CheckpointFormatException.forTensor(store.source(), info.name(),
                    "is " + info.dtype() + "; the engine computes with F32, F16 and BF16 weights");
        }
        return new Matrix(store.segment(info.name()), info.dtype(), layout, in, out).constant();
    }

    float[] vector(String name, int length) {
        TensorInfo info = names.require(name, length);
        if (!info.dtype().isFloat()) {
            throw CheckpointFormatException.forTensor(store.source(), info.name(), "is " + info.dtype() + ", not floating point");
        }
        return TensorFloats.read(store, info.name());
    }

    /** An {@code nn.Linear}: {@code prefix.weight} {@code [out, in]} and, if {@code bias}, {@code prefix.bias}. */
    Linear linear(String prefix, int in, int out, boolean bias) {
        return new Linear(matrix(prefix + ".weight", Matrix.Layout.OUT_IN, in, out), bias ? vector(prefix + ".bias", out) : null);
    }

    /** GPT-2's {@code Conv1D}: a linear layer whose weight is stored transposed, {@code [in, out]}, with a bias. */
    Linear conv1d(String prefix, int in, int out) {
        return new Linear(matrix(prefix + ".weight", Matrix.Layout.IN_OUT, in, out), vector(prefix + ".bias", out));
    }

    Norm layerNorm(String prefix, int width) {
        return Norm.layer(vector(prefix + ".weight", width), vector(prefix + ".bias", width), config.normEps());
    }

    /** OPT's {@code layer_norm_elementwise_affine: false}: a LayerNorm with unit gain and no bias stored. */
    Norm plainLayerNorm(int width) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        return Norm.layer(ones, new float[width], config.normEps());
    }

    Norm rmsNorm(String prefix, int width) {
        return Norm.rms(vector(prefix + ".weight", width), config.normEps());
    }

    /** The token embedding table {@code [vocab, width]}. */
    Matrix embedding(String name, int width) {
        return matrix(name, Matrix.Layout.OUT_IN, width, config.vocabSize());
    }

    /** The output projection: the embedding table when tied (transformers then ignores any stored head), else {@code name}. */
    Linear lmHead(String name, Matrix tiedEmbedding, boolean bias) {
        if (config.tieWordEmbeddings()) return new Linear(tiedEmbedding, null);
        return linear(name, tiedEmbedding.in(), config.vocabSize(), bias);
    }
}
