// Package promrules holds no code: its test runs promtool over the rules,
// their unit tests and the sample configuration shipped in this folder.
package promrules

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// promtool finds Debian's promtool (package prometheus). Without it the
// test is skipped on a developer's machine, never in CI.
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("promtool not installed (apt install prometheus)")
		}
		t.Fatalf("promtool is needed in CI: %v", err)
	}
	return p
}

func run(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestRules_CheckAndUnitTests(t *testing.T) {
	bin := promtool(t)
	run(t, bin, "check", "rules", "fieldkit-rules.yml")
	run(t, bin, "test", "rules", "fieldkit-rules.test.yml", "fieldkit-rules-24h.test.yml")
}

// The unit tests must be able to fail: a rule loosened by an hour makes
// them fail.
func TestRules_UnitTestsCatchALoosenedRule(t *testing.T) {
	bin := promtool(t)
	dir := t.TempDir()
	rules, err := os.ReadFile("fieldkit-rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	loose := strings.Replace(string(rules), "> 4 * 3600", "> 5 * 3600", 1)
	tests, _ := os.ReadFile("fieldkit-rules.test.yml")
	os.WriteFile(filepath.Join(dir, "fieldkit-rules.yml"), []byte(loose), 0o600)
	os.WriteFile(filepath.Join(dir, "t.yml"), tests, 0o600)
	cmd := exec.Command(bin, "test", "rules", "t.yml")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("a 5-hour rule passed the 4-hour tests:\n%s", out)
	}
}

// The sample district configuration is valid as shipped, once its token
// file exists.
func TestConfig_DistrictSampleIsValid(t *testing.T) {
	bin := promtool(t)
	dir := t.TempDir()
	cfg, err := os.ReadFile("prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	token := filepath.Join(dir, "fieldkit-token")
	os.WriteFile(token, []byte("x"), 0o600)
	body := strings.Replace(string(cfg), "/etc/prometheus/fieldkit-token", token, 1)
	rules, _ := os.ReadFile("fieldkit-rules.yml")
	os.WriteFile(filepath.Join(dir, "fieldkit-rules.yml"), rules, 0o600)
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(body), 0o600)
	run(t, bin, "check", "config", filepath.Join(dir, "prometheus.yml"))
}
