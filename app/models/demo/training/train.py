#!/usr/bin/python3
"""Trains one member of the demo series and writes it in the Hugging Face layout.

Rare tokens share one embedding row. GPT-2's 50,257-way softmax is most of a tiny model's
training cost, and a token seen fewer than --min-count times in the training text cannot get a
useful embedding of its own from a million tokens anyway. So training uses one row per frequent
token plus one row R for all the rare ones, with log(number of rare tokens) added to R's logit:
that is exactly the full-vocabulary cross-entropy of a GPT-2 whose rare rows are all equal to R.
The shipped model is that GPT-2, with R copied into every rare row.

Every member gets the same token budget, the same step-based schedule (linear warm-up, cosine
decay to 10 %) and the same seed, hence the same sequence of training batches: with equal wall
time instead, a small fast member sees more tokens and can beat a larger one.

    /usr/bin/python3 train.py --data DATA_DIR --out OUT_DIR --d 64 --layers 4 --heads 4
writes OUT_DIR/config.json, OUT_DIR/model.safetensors (fp16, tied embeddings) and
OUT_DIR/training.json, plus OUT_DIR/checkpoints/<tokens>/model.safetensors along the way.
"""
import argparse
import json
import math
import pathlib
import time

import numpy as np
import torch

import safetensors_io
from model import Gpt2, fused_head_backward, hf_config, token_losses

CONTEXT = 128
VOCAB = 50257


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--data", type=pathlib.Path, required=True)
    p.add_argument("--out", type=pathlib.Path, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--layers", type=int, required=True)
    p.add_argument("--heads", type=int, required=True)
    p.add_argument("--tokens", type=int, default=1_000_000, help="training tokens (budget)")
    p.add_argument("--batch", type=int, default=8, help="sequences of CONTEXT tokens per step")
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--warmup", type=int, default=50, help="warm-up steps")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--checkpoints", type=int, default=4, help="checkpoints along the way")
    p.add_argument("--min-count", type=int, default=10,
                   help="training-text occurrences for a token to get its own embedding row")
    return p.parse_args()


def learning_rate(step, steps, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def heldout_windows(heldout):
    """Non-overlapping windows of CONTEXT + 1 tokens: each predicts CONTEXT tokens."""
    count = (len(heldout) - 1) // CONTEXT
    return np.stack([heldout[i * CONTEXT:i * CONTEXT + CONTEXT + 1] for i in range(count)])


def heldout_loss(model, windows, logit_offset=None):
    losses = []
    for start in range(0, len(windows), 32):
        ids = torch.from_numpy(windows[start:start + 32].astype(np.int64))
        losses.append(token_losses(model, ids, logit_offset).reshape(-1))
    return torch.cat(losses).mean().item()


def row_map(train, min_count):
    """Full GPT-2 id -> embedding row: frequent tokens get rows 0..K-1 in id order, the rest K."""
    counts = np.bincount(train, minlength=VOCAB)
    frequent = counts >= min_count
    rows = np.full(VOCAB, frequent.sum(), dtype=np.int64)
    rows[frequent] = np.arange(frequent.sum())
    return rows, int(frequent.sum())


def full_state(model, rows):
    """The tensors to ship, in fp16 with Hugging Face names: the compact embedding expanded to
    all 50,257 ids (the head is tied to it, so it is not stored twice)."""
    state = {name: tensor.detach() for name, tensor in model.state_dict().items()}
    state["transformer.wte.weight"] = state["transformer.wte.weight"][torch.from_numpy(rows)]
    return {name: tensor.to(torch.float16) for name, tensor in state.items()}


def as_shipped(config, state):
    """A GPT-2 with the given fp16 weights, held in fp32 as the engine computes."""
    model = Gpt2(config)
    model.load_state_dict({k: v.float() for k, v in state.items()})
    return model.eval()


def compact_heldout_loss(model, windows, rows, logit_offset):
    """Held-out loss of the shipped model, computed on the compact rows (the same number,
    as the rare rows are equal): fp16-rounded weights, fp32 arithmetic."""
    state = {k: v.detach().to(torch.float16) for k, v in model.state_dict().items()}
    return heldout_loss(as_shipped(model.config, state), rows[windows], logit_offset)


def save(state, path):
    safetensors_io.save({k: v.numpy() for k, v in state.items()}, path, {"format": "pt"})


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = np.fromfile(args.data / "train.bin", dtype="<u2")
    heldout = np.fromfile(args.data / "heldout.bin", dtype="<u2")
    windows = heldout_windows(heldout)
    config = hf_config(args.d, args.layers, args.heads, CONTEXT)
    rows, frequent = row_map(train, args.min_count)
    model = Gpt2(dict(config, vocab_size=frequent + 1))
    rare = VOCAB - frequent
    logit_offset = torch.zeros(frequent + 1)
    logit_offset[frequent] = math.log(rare)
    train = rows[train].astype(np.uint16)
    params = sum(p.numel() for p in Gpt2(config).parameters())
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    steps = args.tokens // (CONTEXT * args.batch)
    # The batch sequence depends on the seed only, never on the member.
    batches = np.random.default_rng(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "a", buffering=1)
    checkpoint_steps = {round(steps * (i + 1) / args.checkpoints) for i in range(args.checkpoints - 1)}
    curve, started, smoothed = [], time.time(), None
    for step in range(steps):
        offsets = batches.integers(0, len(train) - CONTEXT - 1, size=args.batch)
        chunk = np.stack([train[o:o + CONTEXT + 1] for o in offsets]).astype(np.int64)
        ids = torch.from_numpy(chunk)
        lr = learning_rate(step, steps, args.lr, args.warmup)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=True)
        hidden = model(ids[:, :-1])
        loss = fused_head_backward(model, hidden, ids[:, 1:], logit_offset)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        smoothed = loss if smoothed is None else 0.95 * smoothed + 0.05 * loss
        done = step + 1
        if done % 20 == 0 or done == steps:
            elapsed = time.time() - started
            print(f"step {done}/{steps} tokens {done * CONTEXT * args.batch} loss {smoothed:.4f} "
                  f"lr {lr:.2e} {done * CONTEXT * args.batch / elapsed:.0f} tok/s "
                  f"elapsed {elapsed / 60:.1f} min", file=log)
        if done in checkpoint_steps:
            tokens = done * CONTEXT * args.batch
            held = compact_heldout_loss(model, windows[:64], rows, logit_offset)
            curve.append({"step": done, "tokens": tokens, "train_loss": round(smoothed, 4),
                          "heldout_loss_subset": round(held, 4)})
            print(f"checkpoint {tokens} tokens held-out (subset) {held:.4f}", file=log)
            where = args.out / "checkpoints" / str(tokens)
            where.mkdir(parents=True, exist_ok=True)
            save(full_state(model, rows), where / "model.safetensors")
    wall = time.time() - started
    state = full_state(model, rows)
    held = compact_heldout_loss(model, windows, rows, logit_offset)
    # The identity behind the compact rows, checked on the shipped 50,257-row model.
    full = heldout_loss(as_shipped(config, state), windows[:4])
    compact = compact_heldout_loss(model, windows[:4], rows, logit_offset)
    if abs(full - compact) > 1e-3:
        raise SystemExit(f"shipped model disagrees with the trained one: {full} vs {compact}")
    print(f"done: held-out loss {held:.4f} over {windows.shape[0] * CONTEXT} tokens, "
          f"{wall / 60:.1f} min", file=log)
    save(state, args.out / "model.safetensors")
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    training = {
        "parameters": params,
        "n_embd": args.d, "n_layer": args.layers, "n_head": args.heads,
        "context": CONTEXT, "batch_sequences": args.batch,
        "training_tokens": steps * CONTEXT * args.batch, "steps": steps,
        "optimizer": {"name": "AdamW", "peak_lr": args.lr, "betas": [0.9, 0.95],
                      "weight_decay": 0.1, "grad_clip": 1.0},
        "schedule": {"warmup_steps": args.warmup, "decay": "cosine to 10% of peak, by step"},
        "seed": args.seed,
        "embedding_rows": {"min_count": args.min_count, "own_rows": frequent,
                           "tokens_sharing_one_row": rare},
        "precision": "fp32 weights; bf16 matmuls in the output head; shipped as fp16",
        "final_train_loss": round(smoothed, 4),
        "heldout_tokens": int(windows.shape[0] * CONTEXT),
        "heldout_loss": round(held, 4),
        "curve": curve,
        "wall_minutes": round(wall / 60, 1),
        "threads": args.threads,
        "torch": torch.__version__,
        "data": json.loads((args.data / "data.json").read_text()),
    }
    (args.out / "training.json").write_text(json.dumps(training, indent=2) + "\n")


if __name__ == "__main__":
    main()
