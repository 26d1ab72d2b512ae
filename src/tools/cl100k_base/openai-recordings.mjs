// Writes the response bodies that OpenAiApiBackendTest's fake API on 127.0.0.1 replays, in the shape of OpenAI's
// legacy completions API (POST /v1/completions with echo, logprobs 1 and max_tokens 0; the field order and error
// objects of its API reference). The token strings are what the API echoes for cl100k_base ids: the token's text,
// or "bytes:\xNN..." for a token that is not whole UTF-8. Log-probs are made up (seeded), except those of the
// batch's answer tokens, which the test checks by value.
//
//   node openai-recordings.mjs ../../test/resources/org/isstudio/remote/scoring/openai
import { mkdirSync, writeFileSync } from "node:fs";
import { getEncoding } from "js-tiktoken";
import { ranks } from "./ranks.mjs";

const dir = process.argv[2];
mkdirSync(dir, { recursive: true });
const enc = getEncoding("cl100k_base");
const bytesOf = new Map([...ranks()].map(([latin1, id]) => [id, Buffer.from(latin1, "latin1")]));

function apiToken(id) {
  const bytes = bytesOf.get(id);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "bytes:" + [...bytes].map((b) => "\\x" + b.toString(16).padStart(2, "0")).join("");
  }
}

let seed = 20221009;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const round4 = (x) => Math.round(x * 1e4) / 1e4;

/** One choice echoing the prompt; `fixed` sets the log-probs of some positions. */
function choice(text, index, fixed = {}) {
  const ids = enc.encode(text);
  const tokens = ids.map(apiToken);
  const token_logprobs = ids.map((_, i) => (i === 0 ? null : fixed[i] ?? round4(-0.05 - 9 * random() ** 2)));
  const top_logprobs = ids.map((_, i) => i === 0 ? null
    : token_logprobs[i] > -1 ? { [tokens[i]]: token_logprobs[i] } : { " the": round4(-0.3 - random()) });
  const text_offset = [];
  let at = 0;
  for (const t of tokens) {
    text_offset.push(at);
    if (!t.startsWith("bytes:")) at += [...t].length;
  }
  return { ids, body: { text, index, logprobs: { tokens, token_logprobs, top_logprobs, text_offset }, finish_reason: "length" } };
}

function completion(id, choices) {
  const promptTokens = choices.reduce((n, c) => n + c.ids.length, 0);
  return {
    id, object: "text_completion", created: 1733312345, model: "davinci-002",
    choices: choices.map((c) => c.body),
    usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens },
  };
}

const write = (name, json) => writeFileSync(`${dir}/${name}`, JSON.stringify(json, null, 2) + "\n");
const error = (message, type, code, param = null) => ({ error: { message, type, param, code } });

write("model-davinci-002.json", { id: "davinci-002", object: "model", created: 1692634301, owned_by: "system" });
write("canary.json", completion("cmpl-AaCanary0pEnAi0000000001",
  [choice("The quick brown fox jumps over the lazy dog. It was 42 degrees in Paris", 0)]));
const question = "Q: Is 7 a prime number?\nA:";
const yes = choice(question + " Yes", 1, { [enc.encode(question + " Yes").length - 1]: -0.4127 });
const no = choice(question + " No", 2, { [enc.encode(question + " No").length - 1]: -1.0906 });
const cat = choice("猫が好き", 0, { 3: -2.3104, 4: -0.0213, 5: -0.0008 });
// the API lists choices in no promised order: this answer has them as 2, 0, 1
write("batch.json", completion("cmpl-AaBatch0pEnAi00000000002", [no, cat, yes]));
write("echo-refused.json", error("Setting 'echo' and 'logprobs' at the same time is not supported for this model.",
  "invalid_request_error", null));
write("invalid-key.json", error("Incorrect API key provided: sk-test-*******************************7890. You can find "
  + "your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
write("model-not-found.json", error("The model `davinci-003` does not exist or you do not have access to it.",
  "invalid_request_error", "model_not_found"));
write("rate-limited.json", error("Rate limit reached for davinci-002 in organization org-TestOrg on requests per min "
  + "(RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits "
  + "to learn more.", "requests", "rate_limit_exceeded"));
write("insufficient-quota.json", error("You exceeded your current quota, please check your plan and billing details. For "
  + "more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
  "insufficient_quota", "insufficient_quota"));
console.log("written to " + dir);
