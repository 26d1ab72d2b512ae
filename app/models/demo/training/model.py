"""A GPT-2 (the architecture of Radford et al. 2019, as in Hugging Face's GPT2LMHeadModel) in
plain PyTorch 1.13, which has no scaled_dot_product_attention.

Parameter names and shapes follow the Hugging Face checkpoint layout, so the state dict can be
written to model.safetensors as is: Conv1D weights are (in, out), the output head is tied to
transformer.wte.weight.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn


class Conv1D(nn.Module):
    """GPT-2's linear layer: weight stored as (in, out)."""

    def __init__(self, n_in, n_out, std):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * std)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).view(
            *x.shape[:-1], self.weight.shape[1])


class Attention(nn.Module):
    def __init__(self, d, heads, layers):
        super().__init__()
        self.heads = heads
        self.c_attn = Conv1D(d, 3 * d, 0.02)
        self.c_proj = Conv1D(d, d, 0.02 / math.sqrt(2 * layers))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.c_attn(x).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        mask = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~mask, float("-inf"))
        y = scores.softmax(dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).reshape(b, t, d))


class Mlp(nn.Module):
    def __init__(self, d, layers):
        super().__init__()
        self.c_fc = Conv1D(d, 4 * d, 0.02)
        self.c_proj = Conv1D(4 * d, d, 0.02 / math.sqrt(2 * layers))

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))  # gelu_new


class Block(nn.Module):
    def __init__(self, d, heads, layers):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = Attention(d, heads, layers)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp = Mlp(d, layers)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, vocab, positions, d, heads, layers):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(positions, d)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)
        self.h = nn.ModuleList(Block(d, heads, layers) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.wte(ids) + self.wpe(positions)
        for block in self.h:
            x = block(x)
        return self.ln_f(x)


class Gpt2(nn.Module):
    """Returns the final hidden states; the tied head lives in the loss functions below."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = Transformer(config["vocab_size"], config["n_positions"],
                                       config["n_embd"], config["n_head"], config["n_layer"])

    def forward(self, ids):
        return self.transformer(ids)

    def logits(self, ids):
        return self.forward(ids) @ self.transformer.wte.weight.t()


def hf_config(d, layers, heads, positions):
    """config.json of a Hugging Face GPT2LMHeadModel with these dimensions."""
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": 50257,
        "n_positions": positions,
        "n_ctx": positions,
        "n_embd": d,
        "n_layer": layers,
        "n_head": heads,
        "n_inner": None,
        "activation_function": "gelu_new",
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "layer_norm_epsilon": 1e-5,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "bos_token_id": 50256,
        "eos_token_id": 50256,
        "torch_dtype": "float16",
    }


def fused_head_backward(model, hidden, targets, logit_offset=None, chunk=128):
    """Cross-entropy of the tied 50,257-way head, with its gradient, chunk by chunk.

    The full logits of one batch (2048 x 50257 floats) are 412 MB and their element-wise
    softmax work dominates a tiny model's step. Here each chunk's logits are made with a bf16
    matmul (AMX on this CPU), the softmax gradient is formed in place, and the gradients for
    the hidden states and the embedding are accumulated directly. logit_offset (one constant
    per embedding row) is added to the logits: a row that stands for m tied tokens gets log m.
    Returns the mean loss; hidden.backward(...) is done here too.
    """
    wte = model.transformer.wte.weight
    h = hidden.detach().reshape(-1, hidden.shape[-1])
    y = targets.reshape(-1)
    n = h.shape[0]
    w16 = wte.detach().to(torch.bfloat16)
    grad_h = torch.empty_like(h)
    grad_w = torch.zeros_like(wte)
    total = 0.0
    with torch.no_grad():
        for start in range(0, n, chunk):
            hc = h[start:start + chunk]
            yc = y[start:start + chunk]
            logits = (hc.to(torch.bfloat16) @ w16.t()).float()
            if logit_offset is not None:
                logits += logit_offset
            logz = torch.logsumexp(logits, dim=1, keepdim=True)
            target = logits.gather(1, yc[:, None]).squeeze(1)
            if logit_offset is not None:
                target -= logit_offset[yc]  # one token of the row, not all it stands for
            total += (logz.squeeze(1) - target).sum().item()
            probs = logits.sub_(logz).exp_()  # in place: softmax
            probs[torch.arange(len(yc)), yc] -= 1.0
            probs.div_(n)
            p16 = probs.to(torch.bfloat16)
            grad_h[start:start + chunk] = (p16 @ w16).float()
            grad_w += (p16.t() @ hc.to(torch.bfloat16)).float()
    hidden.backward(grad_h.view_as(hidden))
    wte.grad = grad_w if wte.grad is None else wte.grad + grad_w
    return total / n


@torch.no_grad()
def token_losses(model, ids, logit_offset=None, chunk=256):
    """Exact fp32 negative log-likelihood of every next token in ids (shape (B, T)):
    returns (B, T-1). logit_offset as in fused_head_backward."""
    hidden = model(ids[:, :-1])
    b, t, d = hidden.shape
    h = hidden.reshape(-1, d)
    y = ids[:, 1:].reshape(-1)
    wte = model.transformer.wte.weight
    out = torch.empty(h.shape[0])
    for start in range(0, h.shape[0], chunk):
        logits = h[start:start + chunk] @ wte.t()
        yc = y[start:start + chunk]
        target = logits.gather(1, yc[:, None]).squeeze(1)
        if logit_offset is not None:
            logits += logit_offset
        out[start:start + chunk] = torch.logsumexp(logits, dim=1) - target
    return out.view(b, t)
