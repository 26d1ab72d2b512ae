#!/usr/bin/python3
"""Extracts the demo series' training text from Debian packages into plain UTF-8 files.

Every source is public domain or permissively licensed (see ../README.md):
  austen   r-cran-janeaustenr  Jane Austen's six novels (public domain texts)
  web      sword-text-web      World English Bible with Deuterocanon (public domain)
  wordnet  wordnet-base        WordNet 3.0 glosses and example sentences (WordNet 3.0 licence)
  devil    dict-devil          Ambrose Bierce, The Devil's Dictionary (public domain)
  jargon   dict-jargon         The Jargon File 4.4.7 (public domain)

Output: OUT/<source>.txt with one paragraph per line, in the source's own order, so that the
tokenizer step can hold out the tail of every source.

    apt-get install r-cran-janeaustenr sword-text-web libsword-utils wordnet-base dict-devil dict-jargon
    /usr/bin/python3 extract_corpus.py OUT
"""
import gzip
import pathlib
import re
import subprocess
import sys

WORDNET = pathlib.Path("/usr/share/wordnet")
DICTD = pathlib.Path("/usr/share/dictd")


def reflow(lines):
    """Joins hard-wrapped lines into paragraphs; blank lines separate paragraphs."""
    paragraphs, current = [], []
    for line in lines:
        stripped = line.strip()
        if stripped:
            current.append(stripped)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [re.sub(r"\s+", " ", p) for p in paragraphs]


def is_prose(paragraph):
    """Rejects ASCII art, tables and rules: prose is mostly letters and spaces."""
    if len(paragraph) < 3:
        return False
    letters = sum(c.isalpha() or c == " " for c in paragraph)
    return letters / len(paragraph) >= 0.8


def austen():
    script = 'library(janeaustenr); writeLines(as.character(austen_books()$text), stdout())'
    text = subprocess.run(["Rscript", "-e", script], check=True, capture_output=True,
                          text=True).stdout
    return reflow(text.splitlines())


def world_english_bible():
    text = subprocess.run(["mod2imp", "engWEB2015eb"], check=True, capture_output=True,
                          text=True).stdout
    chapters, current, chapter = [], [], None
    for line in text.splitlines():
        if line.startswith("$$$"):
            ref = re.match(r"\$\$\$(.+) (\d+):(\d+)$", line)
            # Verse 0 holds module, book and chapter introductions, not scripture.
            key = (ref.group(1), ref.group(2)) if ref and ref.group(3) != "0" else None
            if key != chapter and current:
                chapters.append(" ".join(current))
                current = []
            chapter = key
        elif chapter is not None and line.strip():
            current.append(osis_to_text(line))
    if current:
        chapters.append(" ".join(current))
    return [re.sub(r"\s+", " ", c).strip() for c in chapters]


def osis_to_text(verse):
    """Plain text of an OSIS verse. Footnotes and headings go; mod2imp's own -s stripping
    deletes footnotes together with the space they replace ("Godcreated")."""
    verse = re.sub(r"<note\b.*?</note>", " ", verse)
    verse = re.sub(r"<title\b.*?</title>", " ", verse)
    verse = re.sub(r"<[^>]*>", "", verse)
    verse = re.sub(r"\s+", " ", verse)
    return re.sub(r" ([.,;:!?’”)])", r"\1", verse).strip()


def wordnet():
    """The gloss after ' | ' in every synset line: a definition and quoted examples."""
    glosses = []
    for part in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or " | " not in line:
                continue  # the licence header lines start with two spaces
            words = line.split(" ")
            lemma = words[4].replace("_", " ")
            lemma = re.sub(r"\([a-z]+\)$", "", lemma)  # adjective markers such as (a), (p)
            gloss = line.split(" | ", 1)[1].strip()
            glosses.append(f"{lemma}: {gloss}")
    # Every second synset: the glosses would otherwise be half the corpus and crowd out prose.
    return glosses[::2]


def dictd(name):
    """Entries of a dictd database, without its 00-database-* metadata entries."""
    text = gzip.decompress((DICTD / f"{name}.dict.dz").read_bytes()).decode("utf-8", "replace")
    index = (DICTD / f"{name}.index").read_text(encoding="utf-8", errors="replace")
    raw = text.encode("utf-8")
    entries = []
    for line in index.splitlines():
        headword, offset, length = line.rsplit("\t", 2)
        if headword.startswith("00-database") or headword.startswith("00database"):
            continue
        entries.append((b64(offset), b64(length)))
    paragraphs = []
    for offset, length in sorted(set(entries)):
        body = raw[offset:offset + length].decode("utf-8", "replace")
        paragraphs.extend(p for p in reflow(body.splitlines()) if is_prose(p))
    return paragraphs


def b64(value):
    """dictd index numbers are written in its own base-64 alphabet."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    number = 0
    for c in value:
        number = number * 64 + alphabet.index(c)
    return number


SOURCES = {
    "austen": austen,
    "web": world_english_bible,
    "wordnet": wordnet,
    "devil": lambda: dictd("devil"),
    "jargon": lambda: dictd("jargon"),
}


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, extract in SOURCES.items():
        paragraphs = [p for p in extract() if p]
        text = "\n".join(paragraphs) + "\n"
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        print(f"{name}: {len(paragraphs)} paragraphs, {len(text.encode('utf-8'))} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: extract_corpus.py OUTPUT_DIR")
    main(pathlib.Path(sys.argv[1]))
