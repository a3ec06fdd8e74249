// gen.mjs writes the answers of the reference readers that promptlint's
// differential tests compare with (lint/read_reference_test.go):
//
//   yaml.json       YAML documents as the `yaml` package (YAML 1.2, the
//                   reader of Dotprompt's JavaScript library) reads them:
//                   the value, or that it is an error.
//   dotprompt.json  Dotprompt files as the `dotprompt` library reads them:
//                   whether the front matter parses, and the JSON Schema
//                   that its Picoschema parser makes of input.schema and
//                   output.schema, or that it throws.
//
// Run it by hand when the cases change (not in CI):
//
//   cd lint/testdata/reference && npm install && node gen.mjs
//
// The inputs are the cases below plus every .prompt file and every
// template of the Dotprompt spec files under ../../../testdata/corpus.
// The schema resolver resolves names that start with an upper-case letter
// (as an application's registered schemas are named) and rejects others,
// which is how promptlint tells a schema name from a misspelled type.

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { picoschema } from 'dotprompt';

// The library's front matter split (parse.ts, FRONTMATTER_AND_BODY_REGEX),
// which it does not export.
const FRONTMATTER_AND_BODY_REGEX =
  /^---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$/;
function extractFrontmatterAndBody(source) {
  const match = source.match(FRONTMATTER_AND_BODY_REGEX);
  return match ? { frontmatter: match[1], body: match[2] } : { frontmatter: '', body: '' };
}

const yamlCases = [
  // "?" inside flow collections: ordinary in YAML 1.2.
  'input: {schema: {topic: string, style?: string}}',
  'a: [x?, y]',
  'a: {x?y: 1}',
  'a: [?x]',
  'a: {? x : 1}',
  'a: [a?b]',
  'a: {b: c?d}',
  'a: {url: http://x.com:80/a?b=c}',
  'a: [x, ?y]',
  'a: [x?]',
  'a: {x?}',
  'a: {x?, y?}',
  'a: [? x]',
  'a: {?x: 1}',
  'a: [x ? y]',
  'a: {x ?y: 1}',
  'a: {x: ?y}',
  'a: x?\nb: ?y\n? c\n: d',
  'a: {b?(array, items): string, "c?": number}',
  'a: [{n?: 1}, {m?: [p?, q]}]',
  'q: "what? {x?}"\nr: \'why? [y?]\'',
  'a: |\n  {x?: 1}\n  [y?]\nb: {z?: 2}',
  'a: {b: {c: {d?: e?}}}',
  '# a comment? yes\na: {b?: 1} # and here?',
  // Duplicate keys: an error in YAML 1.2 readers.
  'a: 1\na: 2',
  'a: {b: 1, b: 2}',
  'a:\n  b: 1\n  c: 2\n  b: 3',
  'a: 1\n"a": 2',
  "a: 1\n'a': 2",
  '1: a\n0x1: b',
  '1: a\n"1": b',
  'true: a\nTrue: b',
  '~: a\nnull: b',
  'a: [{x: 1, x: 2}]',
  'a: {b?: 1, b?: 2}',
  'a: {b?: 1, b: 2}',
  'version: 1.0.0\nname: x\nversion: 2.0.0',
  'input:\n  schema:\n    a: string\ninput:\n  default: {a: x}',
  // YAML 1.2 core scalars.
  'a: 017\nb: 0o17\nc: 0x1F\nd: 1_000\ne: 0b11\nf: +12\ng: -0\nh: 1e3\ni: 1.5\nj: .5\nk: 1.',
  'a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: TRUE\ni: False',
  'a: ~\nb: null\nc: Null\nd:\ne: NULL\nf: nil',
  'a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 12:30:00',
  'a: !!str 12\nb: !!int "12"\nc: "12"\nd: \'true\'',
  'a: 1.0.0\nb: 1.0\nc: v1\nd: 2.2.0-rc1',
  // Plain YAML both readers agree on.
  'name: greet\nversion: 1.0.0\ninput:\n  schema:\n    name: string\n    tags(array, the tags): string\n    kind(enum): [a, b]\n    meta?:\n      x: integer',
  'a: [1, 2, {b: c}]\nd: "quoted \\u00e9 \\t tab"\ne: \'single \'\'q\'\'\'',
  'a: >\n  folded\n  text\n\n  kept\nb: |-\n  literal\n   more',
  // Errors both readers report.
  'a: [1, 2',
  'a: {b: 1',
  'a: b: c',
  '- a\nb: c',
];

// Dotprompt files: every case is the whole file.
const fm = (yaml, body = 'Hello {{name}}.\n') => `---\n${yaml}\n---\n${body}`;
const dotpromptCases = {
  'flow-optional': fm('input:\n  schema: {topic: string, style?: string}'),
  'flow-optional-nested': fm('input:\n  schema: {user: {name: string, age?: integer}, tags?(array): string}'),
  'flow-enum': fm('input:\n  schema: {level(enum, how hard): [easy, hard], note?: string}'),
  'pico-basic': fm('input:\n  schema:\n    name: string\n    age?: integer, in years\n    tags(array, labels): string\n    kind(enum): [a, b]\n    address(object):\n      street: string\n      zip?: string'),
  'pico-paren-string': fm('input:\n  schema:\n    a(string): string'),
  'pico-paren-number': fm('input:\n  schema:\n    a(number, x): string'),
  'pico-value-number': fm('input:\n  schema:\n    a: 5'),
  'pico-value-true': fm('input:\n  schema:\n    a: true'),
  'pico-value-float': fm('input:\n  schema:\n    a: 1.5'),
  'pico-enum-string': fm('input:\n  schema:\n    a?(enum): low'),
  'pico-enum-string-required': fm('input:\n  schema:\n    a(enum): low'),
  'pico-enum-mapping': fm('input:\n  schema:\n    a?(enum): {x: 1}'),
  'pico-list-no-enum': fm('input:\n  schema:\n    a: [x, y]'),
  'pico-list-numbers': fm('input:\n  schema:\n    a: [1, 2]'),
  'pico-list-types': fm('input:\n  schema:\n    a: [string]'),
  'schema-number': fm('input:\n  schema: 5'),
  'schema-true': fm('input:\n  schema: true'),
  'schema-list': fm('input:\n  schema: [a, b]'),
  'schema-list-maps': fm('input:\n  schema: [{a: string}]'),
  'schema-string': fm('input:\n  schema: string'),
  'schema-string-desc': fm('input:\n  schema: string, the text'),
  'schema-named': fm('input:\n  schema: Invoice'),
  'schema-misspelled': fm('input:\n  schema: str'),
  'type-str': fm('input:\n  schema:\n    a: str'),
  'type-yes': fm('input:\n  schema:\n    a: yes'),
  'type-int': fm('input:\n  schema:\n    a: int'),
  'type-named': fm('input:\n  schema:\n    a: Customer'),
  'type-named-desc': fm('input:\n  schema:\n    a: Customer, who pays'),
  'type-nested-bad': fm('input:\n  schema:\n    a:\n      b:\n        c: strng'),
  'type-array-items-bad': fm('input:\n  schema:\n    a(array):\n      b: 7'),
  'wildcard': fm('input:\n  schema:\n    name: string\n    (*): any'),
  'wildcard-bad': fm('input:\n  schema:\n    name: string\n    (*): nope'),
  'star-quoted': fm('input:\n  schema:\n    "*": string'),
  'star-plain-paren': fm('input:\n  schema:\n    "(*)": string'),
  'json-object': fm('input:\n  schema:\n    type: object\n    properties:\n      q: {type: string}\n      n: {type: integer}\n    required: [q]'),
  'json-array': fm('input:\n  schema:\n    type: array\n    items: {type: string}'),
  'json-string': fm('input:\n  schema:\n    type: string'),
  'json-properties-only': fm('input:\n  schema:\n    properties:\n      a: {type: string}'),
  'json-type-list': fm('input:\n  schema:\n    type: [string, "null"]'),
  'pico-key-type': fm('input:\n  schema:\n    type: str'),
  'pico-key-type-field': fm('input:\n  schema:\n    type: string, the type\n    items: integer'),
  'output-pico-bad': fm('output:\n  schema:\n    a(str): string'),
  'output-pico-ok': fm('output:\n  format: json\n  schema:\n    answer: string\n    score?: number'),
  'output-named': fm('output:\n  schema: Recipe'),
  'dup-top': fm('version: 1.0.0\nversion: 2.0.0'),
  'dup-input': fm('input:\n  schema:\n    a: string\ninput:\n  default: {a: x}'),
  'dup-field': fm('input:\n  schema:\n    a: string\n    a: number'),
  'dup-field-flow': fm('input:\n  schema: {a: string, a: number}'),
  'dup-field-optional': fm('input:\n  schema:\n    a: string\n    a?: number'),
  'space-in-name': fm('input:\n  schema:\n    first name: string'),
  'space-before-paren': fm('input:\n  schema:\n    tags (array): string'),
  'trimmed-type': fm('input:\n  schema:\n    tags(array , the tags): string'),
  'trimmed-scalar': fm('input:\n  schema:\n    a: string , the a'),
  'string-array': fm('input:\n  schema:\n    tags: string[]'),
  'empty-field': fm('input:\n  schema:\n    a:'),
  'empty-name': fm('input:\n  schema:\n    (array): string'),
  'unclosed-paren': fm('input:\n  schema:\n    a(array: string'),
  'default-only': fm('input:\n  default:\n    name: World'),
  'no-front-matter': 'Hello {{name}}.\n',
  'license-header': '# Copyright 2025\n\n---\ninput:\n  schema:\n    name: string\n---\nHello {{name}}.\n',
  'bad-yaml': fm('input:\n  schema:\n    a: [b'),
  'yaml-tab-indent': fm('input:\n\tschema:\n\t\ta: string'),
};

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const corpus = join('..', '..', '..', 'testdata', 'corpus');
for (const p of walk(corpus)) {
  if (p.endsWith('.prompt')) {
    dotpromptCases['corpus/' + relative(corpus, p)] = readFileSync(p, 'utf8');
  }
}
for (const spec of ['picoschema.yaml', 'metadata.yaml']) {
  const p = join(corpus, 'google__dotprompt', 'spec', spec);
  for (const group of parse(readFileSync(p, 'utf8'))) {
    if (typeof group.template === 'string') {
      dotpromptCases[`spec/${spec}/${group.name}`] = group.template;
    }
  }
}

const resolver = async (name) =>
  /^[A-Z]/.test(name) ? { type: 'object', description: `registered schema ${name}` } : null;

async function schemaAnswer(schema) {
  if (schema === undefined) return undefined;
  try {
    const out = await picoschema(schema, { schemaResolver: resolver });
    return { schema: out ?? null };
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
}

function yamlAnswer(src) {
  try {
    return { value: parse(src) };
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
}

const yamlOut = yamlCases.map((src) => ({ src, ...yamlAnswer(src) }));

const dotOut = [];
for (const [name, src] of Object.entries(dotpromptCases)) {
  const { frontmatter } = extractFrontmatterAndBody(src);
  const entry = { name, src, frontMatter: !!frontmatter };
  if (frontmatter) {
    const y = yamlAnswer(frontmatter);
    if (y.error) {
      entry.yamlError = y.error;
    } else if (y.value && typeof y.value === 'object') {
      entry.input = await schemaAnswer(y.value.input?.schema);
      const defaults = y.value.input?.default;
      if (defaults && typeof defaults === 'object') entry.inputDefaults = Object.keys(defaults);
      entry.output = await schemaAnswer(y.value.output?.schema);
    }
  }
  dotOut.push(entry);
}

const header = 'generated by gen.mjs from npm dotprompt 1.1.2 and yaml 2.9.1; do not edit';
writeFileSync('yaml.json', JSON.stringify({ note: header, cases: yamlOut }, null, 1) + '\n');
writeFileSync('dotprompt.json', JSON.stringify({ note: header, cases: dotOut }, null, 1) + '\n');
console.log(`${yamlOut.length} YAML cases, ${dotOut.length} Dotprompt cases`);
