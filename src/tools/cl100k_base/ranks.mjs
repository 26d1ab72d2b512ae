// tiktoken's cl100k_base ranks as js-tiktoken ships them: lines "! OFFSET TOKEN TOKEN ...", base64 byte strings
// whose ranks count up from OFFSET.
import cl100k from "js-tiktoken/ranks/cl100k_base";

export const specialTokens = cl100k.special_tokens;

/** Map from the latin-1 string of a token's bytes to its rank (its id). */
export function ranks() {
  const rankOf = new Map();
  for (const line of cl100k.bpe_ranks.split("\n")) {
    if (!line) continue;
    const [, offset, ...tokens] = line.split(" ");
    tokens.forEach((t, i) => rankOf.set(Buffer.from(t, "base64").toString("latin1"), Number(offset) + i));
  }
  return rankOf;
}
