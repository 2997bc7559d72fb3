package kitmetrics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"fieldkit/agent/model"
)

type fakeStore struct{ m model.OpsMetrics }

func (f fakeStore) OpsMetrics(context.Context) (model.OpsMetrics, error) { return f.m, nil }

func sampleMetrics() model.OpsMetrics {
	m := model.OpsMetrics{DossiersByStatus: map[model.Status]int{}, SyncFailures: map[string]int64{"retry": 1, "refused": 0},
		WaitingOnResident: map[string]int{model.WaitSupplement: 1, model.WaitFee: 0, model.WaitResult: 2},
		OldestQueuedAt:    time.Unix(1_800_000_000, 0), OldestQueuedAge: time.Hour, CreatedToday: 3,
		LastSyncSuccess: time.Unix(1_799_000_000, 0), PortalDueNearest: time.Unix(1_800_200_000, 0),
		CatalogUpdatedAt: time.Unix(1_790_000_000, 0), CatalogCheckedAt: time.Unix(1_799_900_000, 0),
		SupplementsDueSoon: 1, SupplementDueNearest: time.Unix(1_800_100_000, 0), CatalogVersion: "seed", CatalogProcedures: 30}
	for _, st := range model.AllStatuses {
		m.DossiersByStatus[st] = 1
	}
	return m
}

// gather returns series (name{labels}) → value.
func gather(t *testing.T, g prometheus.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				ls = append(ls, l.GetName()+"="+l.GetValue())
			}
			out[mf.GetName()+"{"+strings.Join(ls, ",")+"}"] = value(m)
		}
	}
	return out
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Gauge != nil:
		return m.GetGauge().GetValue()
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	}
	return -1
}

// Every pushed series carries the commune and kind but not the kit id
// (the grouping key carries it), none an operator; the pulled ones carry
// all three. The count is the fleet's cardinality per kit, which the
// federation design in installer/prometheus/README.md is sized on.
func TestRegistries_IdentityOnEverySeriesAndBudget(t *testing.T) {
	id := Identity{KitID: "FK01", CommuneCode: "20242", Kind: "post_office"}
	cal := model.Calendar{Holidays: map[string]bool{"2027-01-01": true}, KnownUntil: "2027-12-31"}
	c := New(Options{Store: fakeStore{sampleMetrics()}, Calendar: cal, Version: "v1.2.3",
		DiskFree: func() (uint64, error) { return 5 << 30, nil }, MinFree: 500 << 20})
	pushed := gather(t, Push(id, c))
	if len(pushed) != 42 {
		t.Errorf("%d series, want 42: 17 statuses and 25 others, all present in this fixture", len(pushed))
	}
	for s := range pushed {
		if !strings.Contains(s, "commune_code=20242") || !strings.Contains(s, "kind=post_office") ||
			strings.Contains(s, "kit_id=") || strings.Contains(s, "operator") {
			t.Errorf("pushed series %s", s)
		}
	}
	// Budget: 17 statuses and 25 other series; the federation design
	// sizes 50 per kit. More means a label grew values: size it first.
	if n := len(pushed); n > 48 {
		t.Errorf("%d series per kit, budget 48 (+2 the Pushgateway adds)", n)
	}
	t.Logf("series per kit pushed: %d (+2 the Pushgateway adds: push_time_seconds, push_failure_time_seconds)", len(pushed))
	pull, _ := Pull(id, c)
	for s := range gather(t, pull) {
		if !strings.Contains(s, "kit_id=FK01") || !strings.Contains(s, "commune_code=20242") {
			t.Errorf("pulled series %s", s)
		}
	}
	for _, want := range []string{
		`fieldkit_queue_oldest_timestamp_seconds{commune_code=20242,kind=post_office}`,
		`fieldkit_dossiers_waiting_on_resident{commune_code=20242,kind=post_office,reason=result}`,
		`fieldkit_build_info{commune_code=20242,goversion=`,
		`fieldkit_calendar_info{commune_code=20242,kind=post_office,known_until=2027-12-31,version=`,
		`fieldkit_catalog_info{commune_code=20242,kind=post_office,version=seed}`,
		`fieldkit_disk_free_bytes{commune_code=20242,kind=post_office}`,
	} {
		found := false
		for s := range pushed {
			found = found || strings.HasPrefix(s, want)
		}
		if !found {
			t.Errorf("no series %s…", want)
		}
	}
	// Times never reached are absent, not zero: "time() - 0" would read
	// as 56 years of waiting.
	empty := sampleMetrics()
	empty.OldestQueuedAt, empty.LastSyncSuccess, empty.PortalDueNearest = time.Time{}, time.Time{}, time.Time{}
	for s := range gather(t, Push(id, New(Options{Store: fakeStore{empty}}))) {
		if strings.HasPrefix(s, "fieldkit_queue_oldest_timestamp") {
			t.Errorf("a zero time exported: %s", s)
		}
		if strings.HasPrefix(s, "fieldkit_last_sync_success_timestamp_seconds") || strings.HasPrefix(s, "fieldkit_portal_due_nearest") {
			t.Errorf("a zero time exported: %s", s)
		}
	}
	if pushed[`fieldkit_queue_oldest_timestamp_seconds{commune_code=20242,kind=post_office}`] != 1_800_000_000 {
		t.Error("oldest queued time wrong")
	}
}

func TestIdentity_UnsetCommuneIsNamed(t *testing.T) {
	if l := (Identity{KitID: "X", Kind: "event"}).Labels(); l[LabelCommune] != "unset" || l[LabelKitID] != "X" {
		t.Fatalf("%v", l)
	}
}
