// Compares promptlint's token counts with OpenAI's tiktoken (the npm
// package "tiktoken", a WebAssembly build of the Rust original), outside
// the test suite, which compares with tiktoken-go:
//
//     go test ./lint/tokens -run TestWriteTexts -texts-file /tmp/texts.jsonl
//     npm install --prefix /tmp/tiktoken tiktoken
//     NODE_PATH=/tmp/tiktoken/node_modules node lint/tokens/testdata/tiktoken_check.js /tmp/texts.jsonl
//
// Each line of the texts file is {"text": ..., "cl100k_base": n,
// "o200k_base": m}. The script prints every text whose counts differ and
// a summary per encoding.
const fs = require("fs");
const { get_encoding } = require("tiktoken");

const encodings = ["cl100k_base", "o200k_base"];
const enc = Object.fromEntries(encodings.map((e) => [e, get_encoding(e)]));
const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const differ = Object.fromEntries(encodings.map((e) => [e, 0]));
for (const line of lines) {
  const rec = JSON.parse(line);
  for (const e of encodings) {
    const want = enc[e].encode_ordinary(rec.text).length;
    if (want !== rec[e]) {
      differ[e]++;
      console.log(`${e}: ${JSON.stringify(rec.text.slice(0, 120))}: ours ${rec[e]}, tiktoken ${want}`);
    }
  }
}
for (const e of encodings) {
  console.log(`${e}: ${lines.length} texts, ${differ[e]} differ`);
}
