#!/usr/bin/python3
"""Scores a contest classification CSV on demo models the way the contest's HF path does.

Per example: for each class c, the text prompt + c is tokenised with the GPT-2 BPE, the last
len(tokenize(c)) tokens are the class, and s_c is the sum of their log-probabilities (log-softmax
over the full vocabulary, fp32). loss = -log softmax(s)[answer_index]; the task's loss is the
mean over examples (prize spec 3.2). Prompts longer than the models' 128 positions keep their
last 128 tokens.

    /usr/bin/python3 score_task.py TASK.csv MODEL_DIR [MODEL_DIR ...]
prints one line per model: mean loss, accuracy, and the mean class log-probability margin.
"""
import ast
import csv
import json
import pathlib
import sys

import numpy as np
import torch

import safetensors_io
from gpt2_bpe import Gpt2Bpe
from model import Gpt2

TOKENIZER = pathlib.Path(__file__).resolve().parent.parent / "tokenizer" / "tokenizer.json"


def load_model(folder):
    folder = pathlib.Path(folder)
    config = json.loads((folder / "config.json").read_text())
    model = Gpt2(config)
    tensors = safetensors_io.load(folder / "model.safetensors")
    model.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()})
    return model.eval()


def read_task(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["prompt"], ast.literal_eval(row["classes"]), int(row["answer_index"]))
                for row in csv.DictReader(f)]


@torch.no_grad()
def class_logprob(model, bpe, prompt, cls):
    ids = bpe.encode(prompt + cls)
    length = len(bpe.encode(cls))
    ids = ids[-model.config["n_positions"]:]
    x = torch.tensor([ids])
    logprobs = torch.log_softmax(model.logits(x[:, :-1])[0], dim=-1)
    targets = x[0, 1:]
    picked = logprobs[torch.arange(len(targets)), targets]
    return picked[-length:].sum().item()


def score(model, bpe, rows):
    """Per-example (loss, correct) under the contest's classification rule."""
    results = []
    for prompt, classes, answer in rows:
        s = np.array([class_logprob(model, bpe, prompt, c) for c in classes])
        log_q = s - np.logaddexp.reduce(s)
        results.append((-log_q[answer], int(np.argmax(s) == answer)))
    return results


def main(task, folders):
    bpe = Gpt2Bpe(TOKENIZER)
    rows = read_task(task)
    for folder in folders:
        results = score(load_model(folder), bpe, rows)
        losses = [r[0] for r in results]
        print(f"{folder}: loss {np.mean(losses):.4f} accuracy {np.mean([r[1] for r in results]):.3f}"
              f" over {len(rows)} examples")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: score_task.py TASK.csv MODEL_DIR [MODEL_DIR ...]")
    torch.set_num_threads(1)
    main(sys.argv[1], sys.argv[2:])
