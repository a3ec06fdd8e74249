// Handlebars oracle: JSON lines {template} in, {names, error} out.
// Walks Handlebars.parse's AST with promptlint's free-variable semantics
// (see lint/template/handlebars/scan.go): helpers are calls, #each/#with and
// blockHelperMissing blocks change the context, ../x and @root.x reach the
// caller's data, block params, this and @data are not variables. A throw
// from Handlebars.parse or Handlebars.precompile is an error.
// Run from a directory where `npm install handlebars@4` was done.
const Handlebars = require('handlebars');
const readline = require('readline');

const HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log',
  'blockHelperMissing', 'helperMissing',
  'role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals']);

function isSimple(p) {
  return p.type === 'PathExpression' && !p.data && p.depth === 0 && p.parts.length === 1 &&
    !/^(this|\.)([./]|$)/.test(p.original);
}

function oracle(src) {
  let ast;
  try {
    ast = Handlebars.parse(src);
    Handlebars.precompile(src);
  } catch (e) {
    return { names: [], error: true, msg: String(e.message).split('\n')[0] };
  }
  // offsets of line starts, to tell raw blocks by their source text
  const lines = src.split('\n');
  const lineStart = [0];
  for (const l of lines) lineStart.push(lineStart[lineStart.length - 1] + l.length + 1);
  const offsetOf = (loc) => {
    // loc.column counts UTF-16 units on the line
    const line = lines[loc.line - 1] || '';
    return lineStart[loc.line - 1] + line.slice(0, loc.column).length;
  };
  const names = [];
  let level = 0;
  const params = new Map();
  const use = (n) => { if (n !== undefined && n !== '' && !names.includes(n)) names.push(n); };

  function path(p) {
    if (p.type !== 'PathExpression') return;
    if (p.data) {
      if (p.parts.length > 1 && p.parts[0] === 'root' && p.depth === 0) {
        use(p.parts[1]);
      }
      return;
    }
    if (p.parts.length === 0) return;
    const scoped = /^(this|\.)([./]|$)/.test(p.original.replace(/^(\.\.\/)+/, ''));
    if (!scoped && p.depth === 0 && (params.get(p.parts[0]) || 0) > 0) return;
    if (level - p.depth === 0) use(p.parts[0]);
  }
  function expr(e) {
    if (!e) return;
    if (e.type === 'PathExpression') path(e);
    else if (e.type === 'SubExpression') call(e, false);
  }
  function call(n, bare) {
    const hasArgs = (n.params && n.params.length > 0) || (n.hash && n.hash.pairs.length > 0);
    const simple = isSimple(n.path);
    const isCall = hasArgs || !bare || (simple && HELPERS.has(n.path.parts[0]));
    if (!isCall || !simple) expr(n.path);
    for (const x of n.params || []) expr(x);
    for (const h of (n.hash ? n.hash.pairs : [])) expr(h.value);
  }
  function partial(n) {
    if (n.name.type === 'SubExpression') call(n.name, false);
    for (const x of n.params || []) expr(x);
    for (const h of (n.hash ? n.hash.pairs : [])) expr(h.value);
  }
  function program(p) {
    if (!p) return;
    for (const s of p.body) stmt(s);
  }
  function withFrame(ctx, bp, f) {
    if (ctx) level++;
    for (const b of bp || []) params.set(b, (params.get(b) || 0) + 1);
    f();
    for (const b of bp || []) params.set(b, params.get(b) - 1);
    if (ctx) level--;
  }
  function stmt(s) {
    switch (s.type) {
      case 'MustacheStatement': call(s, true); break;
      case 'PartialStatement': partial(s); break;
      case 'Decorator': call(s, false); break;
      case 'PartialBlockStatement':
        partial(s);
        withFrame(false, [], () => program(s.program));
        break;
      case 'DecoratorBlock':
        call(s, false);
        withFrame(false, [], () => program(s.program));
        break;
      case 'BlockStatement': {
        // A raw block's content is text; its name is a value when no
        // helper answers to it (blockHelperMissing), as for {{#name}}.
        const raw = src.startsWith('{{{{', offsetOf(s.loc.start));
        if (raw) { call(s, true); break; }
        call(s, true);
        const simple = isSimple(s.path);
        const name = simple ? s.path.parts[0] : '';
        const hasArgs = s.params.length > 0 || (s.hash && s.hash.pairs.length > 0);
        const ctx = name === 'each' || name === 'with' || (!HELPERS.has(name) && !hasArgs);
        withFrame(ctx, s.program && s.program.blockParams, () => program(s.program));
        withFrame(false, s.inverse && s.inverse.blockParams, () => program(s.inverse));
        break;
      }
    }
  }
  program(ast);
  return { names, error: false };
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  const c = JSON.parse(line);
  process.stdout.write(JSON.stringify(oracle(c.template)) + '\n');
});
