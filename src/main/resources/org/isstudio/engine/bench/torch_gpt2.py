# PyTorch's CPU forward pass of a GPT-2 model folder, computed as Hugging Face transformers' GPT2LMHeadModel
# computes it (pre-LN blocks, fused c_attn as Conv1D/addmm, eager attention with the causal mask, gelu_new,
# tied head, logits at every position, then log_softmax), timed like the engine's bench.
# Usage: python torch_gpt2.py '{"model": DIR, "threads": N, "min_seconds": S, "batches": [[COUNT, LENGTH], ...]}'
# Prints one JSON line: {"torch": VERSION, "tokens_per_s": {"LENGTH": FIGURE, ...}}.
# With "logprobs_of": [IDS] instead of "batches" it prints {"token_logprobs": [...]}, to check the computation
# against transformers' own output.
import json, math, struct, sys, time

try:
    import numpy as np
    import torch
except ImportError as e:
    print("import failed: %s" % e, file=sys.stderr)
    sys.exit(3)

args = json.loads(sys.argv[1])
torch.set_num_threads(args["threads"])
with open(args["model"] + "/config.json") as f:
    cfg = json.load(f)
assert cfg.get("activation_function", "gelu_new") == "gelu_new", cfg["activation_function"]
heads, eps = cfg["n_head"], cfg["layer_norm_epsilon"]


def load(path):
    """The same F32 weights the engine reads: safetensors is an 8-byte header length, a JSON header, raw data."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        assert t["dtype"] == "F32", name
        a, b = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data, np.float32, (b - a) // 4, a).reshape(t["shape"]).copy())
    return out


w = load(args["model"] + "/model.safetensors")
positions = w["wpe.weight"].shape[0]
causal = torch.tril(torch.ones(positions, positions, dtype=torch.bool)).view(1, 1, positions, positions)
masked = torch.tensor(torch.finfo(torch.float32).min)


def conv1d(x, weight, bias):  # transformers' Conv1D: weight is [in, out]
    return torch.addmm(bias, x.reshape(-1, x.shape[-1]), weight).view(x.shape[:-1] + (weight.shape[1],))


def gelu_new(x):  # transformers' NewGELUActivation
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def split(x):
    return x.view(x.shape[:-1] + (heads, x.shape[-1] // heads)).permute(0, 2, 1, 3)


def attention(x, p):
    q, k, v = conv1d(x, w[p + "c_attn.weight"], w[p + "c_attn.bias"]).split(x.shape[-1], dim=2)
    q, k, v = split(q), split(k), split(v)
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(v.shape[-1])
    t = scores.shape[-1]
    scores = torch.where(causal[:, :, :t, :t], scores, masked)
    o = torch.matmul(torch.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
    return conv1d(o.view(o.shape[:-2] + (x.shape[-1],)), w[p + "c_proj.weight"], w[p + "c_proj.bias"])


def norm(x, p):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w[p + ".weight"], w[p + ".bias"], eps)


def score(ids):
    """Log-probability of every next token, as scoring with GPT2LMHeadModel(...).logits.log_softmax(-1) does."""
    h = w["wte.weight"][ids] + w["wpe.weight"][: ids.shape[1]]
    for layer in range(cfg["n_layer"]):
        p = "h.%d." % layer
        h = h + attention(norm(h, p + "ln_1"), p + "attn.")
        h = h + conv1d(gelu_new(conv1d(norm(h, p + "ln_2"), w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"])),
                       w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
    logits = torch.matmul(norm(h, "ln_f"), w["wte.weight"].t())
    return torch.log_softmax(logits, dim=-1)[:, :-1].gather(-1, ids[:, 1:].unsqueeze(-1))


def seconds(work, min_seconds):
    """As the engine's bench: one untimed warm-up run, then runs until min_seconds have passed; the fastest."""
    if min_seconds > 0:
        work()
    best, begin = float("inf"), time.perf_counter()
    while True:
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
        if time.perf_counter() - begin >= min_seconds:
            return best


if "logprobs_of" in args:
    with torch.inference_mode():
        print(json.dumps({"token_logprobs": score(torch.tensor([args["logprobs_of"]])).flatten().tolist()}))
    sys.exit(0)
generator = torch.Generator().manual_seed(11)
figures = {}
with torch.inference_mode():
    score(torch.randint(cfg["vocab_size"], (2, 32), generator=generator))  # warm-up, as the engine's JIT warm-up
    for count, length in args["batches"]:
        ids = torch.randint(cfg["vocab_size"], (count, length), generator=generator)
        figures[str(length)] = count * length / seconds(lambda: score(ids), args["min_seconds"])
print(json.dumps({"torch": torch.__version__, "tokens_per_s": figures}))
