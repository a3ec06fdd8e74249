// Handlebars optional-input oracle: JSON lines {template} in,
// {template, optional, required} out. A name is required when leaving it
// out renders differently from passing false: the template printed or
// read the value, not only asked for its truth. The other names are given
// "v" and left out too. Run with NODE_PATH holding handlebars@4.
const H = require('handlebars');
const readline = require('readline');

function names(tmpl) {
  const seen = new Set();
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'PathExpression' && !n.data && n.depth === 0 && n.parts.length) seen.add(n.parts[0]);
    for (const k of Object.keys(n)) if (k !== 'loc') walk(n[k]);
  };
  walk(H.parse(tmpl));
  for (const h of ['if', 'unless', 'each', 'with', 'lookup', 'log']) seen.delete(h);
  return [...seen].sort();
}

function render(tmpl, ctx) {
  try { return H.compile(tmpl, { noEscape: true })(ctx); } catch (e) { return 'ERR ' + e.message; }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const tmpl = JSON.parse(line).template;
  const all = names(tmpl);
  const out = { template: tmpl, optional: [], required: [] };
  for (const n of all) {
    let req = false;
    for (const full of [true, false]) {
      const ctx = {};
      if (full) for (const o of all) if (o !== n) ctx[o] = 'v';
      const missing = render(tmpl, ctx);
      ctx[n] = false;
      if (render(tmpl, ctx) !== missing) req = true;
    }
    (req ? out.required : out.optional).push(n);
  }
  console.log(JSON.stringify(out));
});
