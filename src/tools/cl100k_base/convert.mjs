// Converts tiktoken's cl100k_base byte-pair ranks, as the npm package js-tiktoken ships them, into a Hugging Face
// tokenizer.json that org.isstudio.engine.tokenizer loads: the conversion transformers' TikTokenConverter
// (convert_slow_tokenizer.py) performs, so the file equals what `transformers` would write for it.
//
//   npm ci && node convert.mjs ../../main/resources/org/isstudio/remote/scoring/cl100k_base.tokenizer.json.gz
//
// tiktoken merges, inside each pre-tokenized piece, the adjacent pair whose concatenation has the lowest rank.
// A merges list gives the same result when every split (left, right) of each token into two tokens is a merge,
// ordered by the rank of the token it makes; ties (different splits of one token) are ordered by the ranks of
// the parts, as transformers does. `ignore_merges` makes a piece that is itself a token come out whole, as
// tiktoken's first lookup does.
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { ranks, specialTokens } from "./ranks.mjs";

// tiktoken's own pattern; js-tiktoken spells the (?i:...) group out case by case because JavaScript lacks it
const PATTERN = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

const out = process.argv[2];
if (!out) {
  console.error("usage: node convert.mjs OUTPUT.tokenizer.json.gz");
  process.exit(2);
}

const rankOf = ranks();

// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards
const byteChar = new Array(256);
let next = 256;
for (let b = 0; b < 256; b++) {
  const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  byteChar[b] = String.fromCharCode(printable ? b : next++);
}
const visible = (latin1) => Array.from(latin1, (c) => byteChar[c.charCodeAt(0)]).join("");

const vocab = {};
const merges = [];
for (const [token, rank] of rankOf) {
  vocab[visible(token)] = rank;
  const splits = [];
  for (let i = 1; i < token.length; i++) {
    const left = token.slice(0, i);
    const right = token.slice(i);
    if (rankOf.has(left) && rankOf.has(right)) splits.push([left, right, rank]);
  }
  splits.sort((a, b) => rankOf.get(a[0]) - rankOf.get(b[0]) || rankOf.get(a[1]) - rankOf.get(b[1]));
  merges.push(...splits);
}
merges.sort((a, b) => a[2] - b[2]); // stable: ties keep the order above

const addedTokens = Object.entries(specialTokens).map(([content, id]) => ({
  id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
}));

// the special tokens are in the vocabulary too: the library gives an added token the vocabulary's id for it, else
// the next free id, which would be 100256 for <|endoftext|> instead of tiktoken's 100257
for (const t of addedTokens) vocab[t.content] = t.id;

const tokenizer = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: addedTokens,
  normalizer: null,
  pre_tokenizer: {
    type: "Sequence",
    pretokenizers: [
      { type: "Split", pattern: { Regex: PATTERN }, behavior: "Isolated", invert: false },
      { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  },
  post_processor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    type: "BPE",
    dropout: null,
    unk_token: null,
    continuing_subword_prefix: "",
    end_of_word_suffix: "",
    fuse_unk: false,
    byte_fallback: false,
    ignore_merges: true,
    vocab,
    merges: merges.map(([l, r]) => visible(l) + " " + visible(r)),
  },
};

const json = Buffer.from(JSON.stringify(tokenizer), "utf8");
writeFileSync(out, gzipSync(json, { level: 9 }));
console.log(`${out}: ${rankOf.size} ranks, ${addedTokens.length} special tokens, ${merges.length} merges; `
  + `${json.length} bytes of JSON, gzip-compressed`);
