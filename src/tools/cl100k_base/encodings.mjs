// Writes the cl100k_base encodings that Cl100kBaseTest compares the converted tokenizer.json against, computed
// by js-tiktoken itself (whose encoder follows tiktoken's):
//
//   node encodings.mjs ../../test/resources/org/isstudio/remote/scoring/cl100k_base-encodings.json
import { writeFileSync } from "node:fs";
import { getEncoding } from "js-tiktoken";

const TEXTS = [
  "hello world",
  "Hello, world!",
  "The quick brown fox jumps over the lazy dog. It was 42 degrees in Paris",
  "Q: Is the following syllogism valid?\nA: Yes",
  " Yes",
  " No",
  "I'm sure they'll say we've done what you'd've wanted, and it's theirs.",
  "I'M SURE THEY'LL SAY WE'VE DONE IT'S ALL",
  "1234567890 12 123 1,000,000.25",
  "    indented\n\ttabbed\r\n\r\nwindows line\n\n\n",
  "trailing spaces   ",
  "  leading and   inner   spaces",
  "def f(x):\n    return x ** 2  # square\n",
  "{\"json\": [1, 2, 3], \"nested\": {\"k\": null}}",
  "naïve café résumé façade",
  "Straße ÄÖÜ äöü ß",
  "Москва — столица России.",
  "東京は日本の首都です。",
  "😀 emoji 👍🏽 and 👨‍👩‍👧 family",
  "مرحبا بالعالم",
  "नमस्ते दुनिया",
  "<|endoftext|> is written as plain text here",
  "a\u00a0non-breaking\u2009thin space\u3000ideographic",
  "!!!???...,,,;;;",
  "https://example.com/path?query=1&b=2#frag",
  "e-mail: someone@example.org",
  "The answer is: C",
  "x=1;y=2;z=x+y",
  "   \n   ",
  "\u2019curly\u2019 \u201cquotes\u201d",
  "ſ long s and 'ſ",
  "Ḁḁ Ḃḃ combining a\u0301 e\u0300",
  "αβγδε ΑΒΓΔΕ",
  "12345678901234567890",
  "word\n\nword",
  "Question: What is 2+2?\nAnswer:",
];

const enc = getEncoding("cl100k_base");
const cases = TEXTS.map((text) => ({ text, ids: enc.encode(text, "all") }));
writeFileSync(process.argv[2], JSON.stringify({
  source: "js-tiktoken 1.0.21 getEncoding(\"cl100k_base\").encode(text, \"all\"), written by src/tools/cl100k_base/encodings.mjs",
  cases,
}, null, 1) + "\n");
console.log(`${cases.length} encodings written`);
