#!/usr/bin/python3
"""Tokenizes the extracted corpus with the real GPT-2 BPE and splits it into training and
held-out token files.

The held-out part is the last HELD_OUT fraction of every source's tokens, so that all five kinds
of text are in the held-out loss and none of it was seen in training (a source's tail is a
different text: the last Austen novel's ending, the Bible's last books, the dictionaries' last
letters).
Sources are joined with <|endoftext|>, as GPT-2 separates documents.

    /usr/bin/python3 prepare_data.py CORPUS_DIR DATA_DIR
writes DATA_DIR/train.bin, DATA_DIR/heldout.bin (little-endian uint16 token ids) and
DATA_DIR/data.json (token counts per source).
"""
import json
import pathlib
import sys

import numpy as np

from gpt2_bpe import Gpt2Bpe

SOURCES = ["austen", "web", "wordnet", "devil", "jargon"]
HELD_OUT = 0.02
TOKENIZER = pathlib.Path(__file__).resolve().parent.parent / "tokenizer" / "tokenizer.json"


def main(corpus, data):
    bpe = Gpt2Bpe(TOKENIZER)
    assert bpe.encode("Hello world") == [15496, 995], "not the GPT-2 vocabulary"
    data.mkdir(parents=True, exist_ok=True)
    train, heldout, counts = [], [], {}
    for name in SOURCES:
        ids = bpe.encode((corpus / f"{name}.txt").read_text(encoding="utf-8"))
        cut_tokens = round(len(ids) * (1 - HELD_OUT))
        train.extend(ids[:cut_tokens] + [bpe.eot])
        heldout.extend(ids[cut_tokens:] + [bpe.eot])
        counts[name] = {"train_tokens": cut_tokens, "heldout_tokens": len(ids) - cut_tokens}
        print(name, counts[name])
    np.asarray(train, dtype="<u2").tofile(data / "train.bin")
    np.asarray(heldout, dtype="<u2").tofile(data / "heldout.bin")
    summary = {"sources": counts, "train_tokens": len(train), "heldout_tokens": len(heldout),
               "held_out_fraction": HELD_OUT, "tokenizer": "GPT-2 BPE (50257 tokens)"}
    (data / "data.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: prepare_data.py CORPUS_DIR DATA_DIR")
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
