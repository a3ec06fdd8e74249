package lint

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// yamlToSchemaValue turns a YAML document into the value a JSON Schema
// validator sees, as an editor does.
func yamlToSchemaValue(t *testing.T, doc string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compileConfigSchema(t *testing.T, rules []*Rule) *jsonschema.Schema {
	t.Helper()
	data, err := ConfigSchema(rules)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(ConfigSchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(ConfigSchemaURL)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// TestConfigSchema: the schema accepts the default config and the configs
// LoadConfig and Apply accept, and rejects what they reject.
func TestConfigSchema(t *testing.T) {
	rules := []*Rule{{ID: "variable-unused", Severity: Warning}, {ID: "template-too-long", Severity: Warning}}
	sch := compileConfigSchema(t, rules)
	good := []string{
		DefaultConfigYAML,
		"",
		"rules:\n",
		"rules:\n  variable-unused: off\n  template-too-long: error\n",
		"files: [\"prompts/**/*.yaml\"]\nexclude: [\"prompts/legacy/**\"]\nsyntax: jinja2\nmax_file_size: 2048\n",
		"ignore:\n  - path: \"prompts/old/**\"\n    rules: [variable-unused]\n  - path: x\n",
		"naming: {variables: camelCase, prompts: kebab-case, min_length: 2, deny: [foo], allow: [id]}\n",
		"tokens: {encoding: o200k_base, budget: 8000}\nversions: {breaking: minor, feature: minor, wording: none}\n",
		"diff: {review_threshold: 0.9, rename_threshold: 0.5, max_diff_lines: 100}\ncommits: {min_words: 2, deny: [wip]}\n",
		"checklist: {min_sample_size: 50, confidence: 0.9, min_approvals: 2, tolerance: 0.05}\n",
		"default_environment: staging\nenvironments:\n  staging:\n    paths: [\"prompts/exp/**\"]\n    requires: [semver, rollback-plan]\n    rules: {template-too-long: off}\n",
	}
	for _, doc := range good {
		cfg, err := LoadConfig("c.yaml", strings.NewReader(doc))
		if err == nil {
			_, err = cfg.Apply(rules)
		}
		if err != nil {
			t.Errorf("the loader rejects a good config %q: %v", doc, err)
		}
		if err := sch.Validate(yamlToSchemaValue(t, doc)); err != nil {
			t.Errorf("the schema rejects %q: %v", doc, err)
		}
	}
	bad := []string{
		"filez: []\n",
		"naming: {case: snake}\n",
		"rules:\n  variable-unsed: off\n",
		"rules:\n  variable-unused: loud\n",
		"ignore:\n  - path: x\n    rules: [no-such-rule]\n",
		"naming: {variables: Title}\n",
		"versions: {breaking: huge}\n",
		"tokens: {encoding: p50k, budget: 10}\n",
		"tokens: {budget: 0}\n",
		"diff: {review_threshold: 1.5}\n",
		"checklist: {confidence: 1}\n",
		"environments:\n  prod:\n    requires: [vibes]\n",
		"environments:\n  prod:\n    rules: {no-such-rule: off}\n",
		"environments:\n  prod:\n    require: [semver]\n",
		"max_file_size: lots\n",
		"files: prompts/**\n",
	}
	for _, doc := range bad {
		cfg, err := LoadConfig("c.yaml", strings.NewReader(doc))
		if err == nil {
			_, err = cfg.Apply(rules)
		}
		if err == nil {
			t.Errorf("the loader accepts a bad config %q", doc)
		}
		if err := sch.Validate(yamlToSchemaValue(t, doc)); err == nil {
			t.Errorf("the schema accepts %q", doc)
		}
	}
}

// TestConfigSchemaDescribesEverything: a new setting without a
// description fails the schema.
func TestConfigSchemaDescribesEverything(t *testing.T) {
	saved := configDocs["tokens.budget"]
	delete(configDocs, "tokens.budget")
	defer func() { configDocs["tokens.budget"] = saved }()
	if _, err := ConfigSchema(nil); err == nil || !strings.Contains(err.Error(), "tokens.budget") {
		t.Errorf("a setting without a description: %v", err)
	}
}
