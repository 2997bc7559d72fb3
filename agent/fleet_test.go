package agent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/ui/web"
)

// fleetBinary finds a Debian Prometheus binary. Without it the test is
// skipped on a developer's machine, never in CI (.ci/run installs it).
func fleetBinary(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s not installed (apt install prometheus prometheus-pushgateway)", name)
		}
		t.Fatalf("%s is needed in CI: %v", name, err)
	}
	return p
}

// freeAddr is a loopback address nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startDaemon runs a binary until the test ends and waits for its
// /-/ready.
func startDaemon(t *testing.T, addr, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s:\n%s", filepath.Base(bin), logs.String())
		}
	})
	waitFor(t, filepath.Base(bin)+" ready", func() bool {
		resp, err := http.Get("http://" + addr + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// promQuery asks Prometheus's HTTP API and decodes data.
func promQuery(t *testing.T, base, path string, out any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil || env.Status != "success" {
		t.Fatalf("%s: %s %v", path, b, err)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		t.Fatal(err)
	}
}

// fleetKit is one kit of the test: a real store, its identity, and its
// metrics wired as serve wires them.
type fleetKit struct {
	id, commune string
	store       *sqlite.Store
	cfg         configs.Config
}

func newFleetKit(t *testing.T, id, commune, kind string, clock func() time.Time) fleetKit {
	t.Helper()
	cfg := configs.Default()
	cfg.DataDir, cfg.KitID, cfg.KitCommuneCode, cfg.KitKind = t.TempDir(), id, commune, kind
	s, err := openStoreWith(context.Background(), cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler),
		sqlite.Options{DataDir: cfg.DataDir, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return fleetKit{id: id, commune: commune, store: s, cfg: cfg}
}

// A district's real Prometheus and Pushgateway (Debian's binaries, on
// loopback): three kits in three communes push, a fourth on the LAN is
// scraped with its token; Prometheus's API shows every kit's queue
// grouped by commune, and the IOC's "queued too long" alert fires for the
// kit whose dossiers have waited, and only for it. The 4-hour rule is
// shortened to 10 minutes in a copy of the shipped rules.
func TestFleet_PrometheusSeesEveryKitAndWarnsOfTheOldQueue(t *testing.T) {
	promBin, gwBin := fleetBinary(t, "prometheus"), fleetBinary(t, "prometheus-pushgateway")
	dir := t.TempDir()
	gwAddr, promAddr := freeAddr(t), freeAddr(t)
	startDaemon(t, gwAddr, gwBin, "--web.listen-address="+gwAddr, "--persistence.file="+filepath.Join(dir, "pushgw.data"))

	// The kits. FKA1's dossiers were queued an hour ago (its clock is set
	// back); the others' just now.
	hourAgo := func() time.Time { return time.Now().Add(-time.Hour) }
	kits := []fleetKit{
		newFleetKit(t, "FKA1", "20242", configs.KindCentre, hourAgo),
		newFleetKit(t, "FKB1", "20257", configs.KindPostOffice, nil),
		newFleetKit(t, "FKC1", "20209", configs.KindTeam, nil),
		newFleetKit(t, "FKD1", "20305", configs.KindCentre, nil),
	}
	queueDossier(t, kits[0].store, "048090000001", "Nguyễn Văn An")
	queueDossier(t, kits[0].store, "048090000002", "Trần Thị Bình")
	queueDossier(t, kits[1].store, "048090000003", "Lê Văn Cường")
	queueDossier(t, kits[3].store, "048090000004", "Phạm Thị Dung")
	wantQueued := map[string]float64{"20242": 2, "20257": 1, "20209": 0, "20305": 1}
	for _, k := range kits[:3] {
		k.cfg.Metrics.PushURL = "http://" + gwAddr
		_, pusher, err := kitMetrics(k.cfg, kitMetricsDeps{store: k.store, kitID: k.id}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := pusher.Push(t.Context()); err != nil {
			t.Fatalf("%s: %v", k.id, err)
		}
	}
	// The LAN kit serves /metrics with a token, as a commune centre's would.
	const token = "district-token-for-the-test-0123"
	lan := kits[3]
	lan.cfg.Metrics.TokenSHA256 = sha256Hex(token)
	metrics, _, err := kitMetrics(lan.cfg, kitMetricsDeps{store: lan.store, kitID: lan.id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Options{Store: lan.store, SessionTTL: time.Hour, Metrics: metrics})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })

	// Prometheus: the shipped rules with the 4-hour rule shortened, the
	// shipped scrape settings, seconds instead of minutes.
	rules, err := os.ReadFile("../installer/prometheus/fieldkit-rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	short := strings.Replace(string(rules), "time() - fieldkit_queue_oldest_timestamp_seconds > 4 * 3600\n        for: 5m",
		"time() - fieldkit_queue_oldest_timestamp_seconds > 600\n        for: 0s", 1)
	if short == string(rules) {
		t.Fatal("the queued-too-long rule is not where the test shortens it")
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("rules.yml", short)
	tokenFile := write("token", token)
	cfg := write("prometheus.yml", fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [rules.yml]
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs: [{targets: ['%s']}]
    metric_relabel_configs:
      - {source_labels: [__name__], regex: 'fieldkit_.*|push_time_seconds|push_failure_time_seconds', action: keep}
  - job_name: fieldkit-lan
    authorization: {type: Bearer, credentials_file: '%s'}
    static_configs: [{targets: ['%s']}]
    metric_relabel_configs:
      - {source_labels: [__name__], regex: 'fieldkit_http_request_duration_seconds_.*', action: drop}
      - {source_labels: [__name__], regex: 'fieldkit_.*', action: keep}
`, gwAddr, tokenFile, ln.Addr().String()))
	startDaemon(t, promAddr, promBin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "tsdb"),
		"--web.listen-address="+promAddr, "--storage.tsdb.retention.time=1h")
	base := "http://" + promAddr

	var last string
	waitFor(t, "every kit's queue by commune", func() bool {
		var res struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Value  [2]any            `json:"value"`
			} `json:"result"`
		}
		promQuery(t, base, "/api/v1/query?query="+url.QueryEscape(`sum by (commune_code) (kit:fieldkit_queue_dossiers:sum)`), &res)
		got := map[string]float64{}
		for _, r := range res.Result {
			var v float64
			fmt.Sscan(r.Value[1].(string), &v)
			got[r.Metric["commune_code"]] = v
		}
		last = fmt.Sprint(got)
		return last == fmt.Sprint(wantQueued)
	})
	// Every query of the shipped Grafana dashboard is valid PromQL for this
	// Prometheus, and the queue panel shows the four communes.
	for _, q := range dashboardQueries(t) {
		var res struct {
			Result []json.RawMessage `json:"result"`
		}
		promQuery(t, base, "/api/v1/query?query="+url.QueryEscape(q), &res)
		if strings.HasPrefix(q, "topk(15, sum by (commune_code) (kit:fieldkit_queue_dossiers:sum") && len(res.Result) != 4 {
			t.Errorf("dashboard's queue by commune: %d communes, want 4", len(res.Result))
		}
	}
	waitFor(t, "the queued-too-long alert for FKA1", func() bool {
		var res struct {
			Alerts []struct {
				Labels map[string]string `json:"labels"`
				State  string            `json:"state"`
			} `json:"alerts"`
		}
		promQuery(t, base, "/api/v1/alerts", &res)
		firing := false
		for _, a := range res.Alerts {
			if a.Labels["alertname"] != "FieldkitDossierQueuedTooLong" {
				continue
			}
			if a.Labels["kit_id"] != "FKA1" || a.Labels["commune_code"] != "20242" {
				t.Fatalf("alert for a kit whose queue is fresh: %v", a.Labels)
			}
			firing = firing || a.State == "firing"
		}
		return firing
	})
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// dashboardQueries reads every PromQL expression of the Grafana
// dashboard, with its commune variable set to "All".
func dashboardQueries(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../installer/grafana/fieldkit-city.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			out = append(out, strings.ReplaceAll(tg.Expr, "$commune", ".*"))
		}
	}
	if len(out) < 8 {
		t.Fatalf("%d dashboard queries", len(out))
	}
	return out
}
