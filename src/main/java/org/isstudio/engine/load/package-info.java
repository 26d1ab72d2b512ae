/**
 * Reading a Hugging Face model folder: {@link org.isstudio.engine.load.HfConfig} for {@code config.json} (the only
 * reader of that file) and {@link org.isstudio.engine.load.ModelFiles#open} for the weights, which returns a
 * {@link org.isstudio.engine.load.TensorStore} over {@code model.safetensors}, a sharded set, or a legacy
 * {@code pytorch_model.bin}. Weights are memory-mapped into one shared {@link java.lang.foreign.Arena} per store,
 * so closing a model unmaps it at once; {@link org.isstudio.engine.load.TensorNames} finds tensors under the
 * prefixes real checkpoints use and {@link org.isstudio.engine.load.TensorFloats} widens F16/BF16 to float.
 *
 * <p>Every format problem is a {@link org.isstudio.engine.load.CheckpointFormatException} naming the file, and
 * the tensor or field. No file can run code: pickles go through a restricted reader that knows only what
 * {@code torch.save} writes for a state dict.
 */
package org.isstudio.engine.load;
