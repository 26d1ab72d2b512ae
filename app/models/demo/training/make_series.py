#!/usr/bin/python3
"""Assembles the shipped demo series from finished training runs.

    /usr/bin/python3 make_series.py CORPUS_DIR DATA_DIR RUN_DIR [RUN_DIR ...]

For every run (train.py's output folder, named after the member) it copies config.json,
model.safetensors and training.json into app/models/demo/<member>/. It then writes
  heldout-sample.txt  held-out passages from every source, one per line, each within the context;
  series.json         the members, their parameter counts and held-out losses, the expected losses
                      on heldout-sample.txt (for the Java engine test) and the sample task's losses.
It refuses to write a series whose held-out losses do not fall with size.
"""
import hashlib
import json
import pathlib
import shutil
import sys

import numpy as np
import torch

from gpt2_bpe import Gpt2Bpe
from model import token_losses
from prepare_data import SOURCES
from score_task import load_model, read_task, score

DEMO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = DEMO.parent.parent / "samples" / "ending-swap"
SAMPLE_TOKENS = 120
PASSAGES = 4


def heldout_passages(bpe, corpus, data):
    """PASSAGES stretches spread over every source's held-out part, one line of whole words each."""
    counts = json.loads((data / "data.json").read_text())["sources"]
    passages = []
    for name in SOURCES:
        ids = bpe.encode((corpus / f"{name}.txt").read_text(encoding="utf-8"))
        held = ids[counts[name]["train_tokens"]:]
        for k in range(PASSAGES):
            start = k * len(held) // PASSAGES
            # Whole words only: the cut may split the first and last word into odd tokens.
            text = " ".join(bpe.decode(held[start:start + SAMPLE_TOKENS]).split()[1:-1])
            assert len(bpe.encode(text)) <= SAMPLE_TOKENS
            passages.append(text)
    return passages


@torch.no_grad()
def sample_loss(model, bpe, passages):
    """Mean negative log-likelihood over every token after the first of each passage."""
    losses = [token_losses(model, torch.tensor([bpe.encode(p)])).reshape(-1) for p in passages]
    every = torch.cat(losses)
    return every.mean().item(), int(every.numel())


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(corpus, data, runs):
    bpe = Gpt2Bpe(DEMO / "tokenizer" / "tokenizer.json")
    members = []
    for run in runs:
        training = json.loads((run / "training.json").read_text())
        members.append((training["parameters"], run.name, run, training))
    members.sort()
    losses = [m[3]["heldout_loss"] for m in members]
    if losses != sorted(losses, reverse=True):
        sys.exit(f"held-out losses do not fall with size: {losses}")

    passages = heldout_passages(bpe, corpus, data)
    (DEMO / "heldout-sample.txt").write_text("\n".join(passages) + "\n", encoding="utf-8")
    task = read_task(SAMPLES / "ending-swap.csv")
    control = read_task(SAMPLES / "ending-swap-CONTROL1.csv")

    entries = []
    for parameters, name, run, training in members:
        target = DEMO / name
        target.mkdir(exist_ok=True)
        for file in ("config.json", "model.safetensors", "training.json"):
            shutil.copyfile(run / file, target / file)
        model = load_model(target)
        sample, scored = sample_loss(model, bpe, passages)
        task_results = score(model, bpe, task)
        control_results = score(model, bpe, control)
        entries.append({
            "name": name,
            "folder": name,
            "parameters": parameters,
            "n_embd": training["n_embd"], "n_layer": training["n_layer"],
            "n_head": training["n_head"],
            "training_tokens": training["training_tokens"],
            "heldout_loss": training["heldout_loss"],
            "heldout_sample_loss": round(sample, 5),
            "sample_task_loss": round(float(np.mean([r[0] for r in task_results])), 5),
            "sample_task_accuracy": round(float(np.mean([r[1] for r in task_results])), 5),
            "control_task_loss": round(float(np.mean([r[0] for r in control_results])), 5),
            "control_task_accuracy": round(float(np.mean([r[1] for r in control_results])), 5),
            "model_sha256": sha256(target / "model.safetensors"),
        })
        print(json.dumps(entries[-1]))
    first = members[0][3]
    series = {
        "name": "demo",
        "description": "Tiny GPT-2 models trained on public-domain and permissively licensed "
                       "English text from Debian packages; see README.md.",
        "tokenizer": "tokenizer",
        "context": first["context"],
        "training": {key: first[key] for key in ("training_tokens", "steps", "batch_sequences",
                                                 "optimizer", "schedule", "seed",
                                                 "embedding_rows", "precision")},
        "heldout": {"tokens": first["heldout_tokens"],
                    "description": "the last 2 % of each source's tokens, never trained on; "
                                   "non-overlapping windows of 128 predicted tokens"},
        "heldout_sample": {"file": "heldout-sample.txt", "scored_tokens": scored,
                           "description": "one passage per line, encoded without special "
                                          "tokens; mean negative log-likelihood (nats) of "
                                          "every token after the first of each line"},
        "sample_task": {"task": "../../samples/ending-swap/ending-swap.csv",
                        "control": "../../samples/ending-swap/ending-swap-CONTROL1.csv",
                        "metric": "contest classification loss, mean over rows (nats)"},
        "members": entries,
    }
    (DEMO / "series.json").write_text(json.dumps(series, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit("usage: make_series.py CORPUS_DIR DATA_DIR RUN_DIR [RUN_DIR ...]")
    torch.set_num_threads(1)
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]),
         [pathlib.Path(r) for r in sys.argv[3:]])
