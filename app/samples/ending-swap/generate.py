#!/usr/bin/python3
"""Generates the ending-swap sample task and its control from phrases.tsv.

Each phrase is a prefix that the demo models' training text nearly always ends the same way
("the children of" -> " Israel"). The task asks for a different, named ending; the control asks
for the phrase unchanged. Both are contest classification CSVs (prompt, classes, answer_index)
with the two endings as classes, in a seeded random order.

    /usr/bin/python3 generate.py [--corpus CORPUS_DIR]

With --corpus (the output of app/models/demo/training/extract_corpus.py) it first checks every
phrase against the training text: the memorised ending follows the prefix at least MIN_COUNT
times (each member saw about a fifth of the text, so at least ten times) and in at least MIN_SHARE
of the prefix's occurrences, the requested ending never does, both
endings are single GPT-2 tokens, and the requested token is at least as frequent in the training
tokens as the usual one. So a model that ignores the context prefers the requested (correct)
ending, and only one that has learnt the phrase is pulled away from it: the trap is the phrase,
not the words.
"""
import argparse
import csv
import pathlib
import random
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "models" / "demo" / "training"))
from gpt2_bpe import Gpt2Bpe  # noqa: E402  (the demo series' own tokenizer code)

HERE = pathlib.Path(__file__).resolve().parent
SEED = 20221004
MIN_COUNT = 50
MIN_SHARE = 0.25
SOURCES = ["austen", "web", "wordnet", "devil", "jargon"]  # extract_corpus.py's files

# The requested ending is named in every task prompt, so a model that follows the instruction
# can copy it; a model that has memorised the phrase (and copies the phrase quoted in the prompt)
# is pulled to the usual ending instead.
TASK_TEMPLATES = [
    'Change the last word of "{phrase}" to "{requested}".\n{prefix}',
    'Write the phrase "{phrase}", but end it with "{requested}" instead of "{usual}":\n{prefix}',
    'Q: What do you get if you replace "{usual}" with "{requested}" in "{phrase}"?\nA: {prefix}',
]
# The control mirrors each task prompt but names the usual ending, so the instruction and the
# memorised phrase agree.
CONTROL_TEMPLATES = [
    'Keep the last word of "{phrase}" as "{usual}".\n{prefix}',
    'Write the phrase "{phrase}", and end it with "{usual}" as usual:\n{prefix}',
    'Q: What do you get if you keep "{usual}" in "{phrase}"?\nA: {prefix}',
]


def read_phrases(path):
    phrases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4:
                sys.exit(f"{path}:{number}: expected 4 tab-separated fields, found {len(fields)}")
            phrases.append(dict(zip(("prefix", "usual", "requested", "source"), fields)))
    return phrases


def check_against_corpus(phrases, corpus):
    texts = [(corpus / f"{name}.txt").read_text(encoding="utf-8") for name in SOURCES]
    text = "\n".join(texts)
    bpe = Gpt2Bpe(HERE.parents[1] / "models" / "demo" / "tokenizer" / "tokenizer.json")
    token_counts = np.bincount(np.concatenate([bpe.encode(t) for t in texts]), minlength=50257)

    def count(s):
        """Occurrences of s as whole words."""
        found, start = 0, text.find(s)
        while start >= 0:
            end = start + len(s)
            if ((start == 0 or not text[start - 1].isalnum())
                    and (end == len(text) or not text[end].isalnum())):
                found += 1
            start = text.find(s, start + 1)
        return found

    failures = 0
    for p in phrases:
        total = count(p["prefix"])
        usual = count(f'{p["prefix"]} {p["usual"]}')
        requested = count(f'{p["prefix"]} {p["requested"]}')
        usual_ids, requested_ids = bpe.encode(" " + p["usual"]), bpe.encode(" " + p["requested"])
        single = len(usual_ids) == 1 and len(requested_ids) == 1
        usual_tokens = token_counts[usual_ids[0]] if single else 0
        requested_tokens = token_counts[requested_ids[0]] if single else -1
        ok = (usual >= MIN_COUNT and usual >= MIN_SHARE * total and requested == 0
              and single and requested_tokens >= usual_tokens)
        failures += not ok
        print(f'{"ok  " if ok else "FAIL"} {p["prefix"]!r:34} usual {usual:4}/{total:5} '
              f'requested {requested}; tokens {usual_ids} x{usual_tokens}, '
              f'{requested_ids} x{requested_tokens}')
    if failures:
        sys.exit(f"{failures} phrase(s) fail the corpus criteria")


def rows(phrases, templates, answer_key, rng):
    out = []
    for p in phrases:
        phrase = f'{p["prefix"]} {p["usual"]}'
        for template in templates:
            prompt = template.format(phrase=phrase, prefix=p["prefix"], usual=p["usual"],
                                     requested=p["requested"])
            classes = [" " + p["usual"], " " + p["requested"]]
            answer = classes[0] if answer_key == "usual" else classes[1]
            rng.shuffle(classes)
            out.append({"prompt": prompt, "classes": repr(classes),
                        "answer_index": classes.index(answer)})
    return out


def write_csv(path, table):
    temporary = path.with_suffix(".csv.tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["prompt", "classes", "answer_index"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    temporary.replace(path)
    print(f"{path.name}: {len(table)} rows")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=pathlib.Path)
    args = parser.parse_args()
    phrases = read_phrases(HERE / "phrases.tsv")
    if args.corpus:
        check_against_corpus(phrases, args.corpus)
    rng = random.Random(SEED)
    write_csv(HERE / "ending-swap.csv", rows(phrases, TASK_TEMPLATES, "requested", rng))
    write_csv(HERE / "ending-swap-CONTROL1.csv", rows(phrases, CONTROL_TEMPLATES, "usual", rng))


if __name__ == "__main__":
    main()
