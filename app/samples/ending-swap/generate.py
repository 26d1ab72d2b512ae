#!/usr/bin/python3
"""Generates the ending-swap sample task and its control from phrases.tsv.

Each phrase is a prefix that the demo models' training text nearly always ends the same way
("the children of" -> " Israel"). The task asks for a different, named ending; the control asks
for the phrase unchanged. Both are contest classification CSVs (prompt, classes, answer_index)
with the two endings as classes, in a seeded random order.

    /usr/bin/python3 generate.py [--corpus CORPUS_DIR]

With --corpus (the output of app/models/demo/training/extract_corpus.py) it first checks every
phrase against the training text: the prefix occurs at least MIN_COUNT times, the memorised
ending follows it in at least MIN_SHARE of its occurrences, the requested ending never does, and
the requested word is at least as frequent in the text as the usual one. So a model that ignores
the context prefers the requested (correct) ending, and only one that has learnt the phrase is
pulled away from it: the trap is the phrase, not the words.
"""
import argparse
import csv
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
SEED = 20221004
MIN_COUNT = 5
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
CONTROL_TEMPLATES = [
    'Copy the phrase "{phrase}" exactly.\n{prefix}',
    'Write the phrase "{phrase}" without changing it:\n{prefix}',
    'Q: What do you get if you write "{phrase}" again?\nA: {prefix}',
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
    text = "\n".join((corpus / f"{name}.txt").read_text(encoding="utf-8") for name in SOURCES)

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
        usual_word, requested_word = count(p["usual"]), count(p["requested"])
        ok = (total >= MIN_COUNT and usual >= MIN_SHARE * total and requested == 0
              and requested_word >= usual_word)
        failures += not ok
        print(f'{"ok  " if ok else "FAIL"} {p["prefix"]!r:34} usual {usual:4}/{total:5} '
              f'requested {requested}; words: usual {usual_word}, requested {requested_word}')
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
