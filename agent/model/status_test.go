package model

import (
	"errors"
	"testing"
)

func TestStatus_Transition(t *testing.T) {
	allowed := map[[2]Status]bool{}
	for from, tos := range transitions {
		for _, to := range tos {
			allowed[[2]Status{from, to}] = true
		}
	}
	// The documented happy path must be possible.
	path := []Status{StatusDraft, StatusReady, StatusQueued, StatusSending, StatusSubmitted,
		StatusProcessing, StatusResultReady, StatusClosed}
	for i := 1; i < len(path); i++ {
		if err := path[i-1].Transition(path[i]); err != nil {
			t.Errorf("happy path step refused: %v", err)
		}
	}
	// Every other pair, including self-loops, is refused with a typed error.
	refused := 0
	for _, from := range AllStatuses {
		for _, to := range AllStatuses {
			err := from.Transition(to)
			if allowed[[2]Status{from, to}] {
				if err != nil {
					t.Errorf("%s → %s refused: %v", from, to, err)
				}
				continue
			}
			refused++
			if !errors.Is(err, ErrInvalidTransition) {
				t.Errorf("%s → %s: err = %v, want ErrInvalidTransition", from, to, err)
			}
		}
	}
	if want := len(AllStatuses)*len(AllStatuses) - len(allowed); refused != want {
		t.Fatalf("%d transitions refused, want %d", refused, want)
	}
	if Status("bogus").Valid() || StatusClosed.CanMoveTo(StatusDraft) {
		t.Fatal("unknown status accepted or closed dossier reopened")
	}
}

func TestStatus_EveryStatusReachableFromDraft(t *testing.T) {
	seen := map[Status]bool{StatusDraft: true}
	queue := []Status{StatusDraft}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, n := range transitions[s] {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	for _, s := range AllStatuses {
		if !seen[s] {
			t.Errorf("%s cannot be reached from draft", s)
		}
	}
}

func TestStatus_PathTo(t *testing.T) {
	tests := []struct {
		from, to Status
		want     []Status
	}{
		{StatusSubmitted, StatusProcessing, []Status{StatusProcessing}},
		{StatusProcessing, StatusClosed, []Status{StatusResultReady, StatusClosed}},
		{StatusResultReady, StatusClosed, []Status{StatusClosed}},
		{StatusProcessing, StatusProcessing, nil},
		{StatusProcessing, StatusSubmitted, nil}, // never backwards
		{StatusClosed, StatusProcessing, nil},
	}
	for _, tt := range tests {
		got := tt.from.PathTo(tt.to)
		if len(got) != len(tt.want) {
			t.Errorf("%s → %s: %v, want %v", tt.from, tt.to, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s → %s: %v, want %v", tt.from, tt.to, got, tt.want)
			}
		}
	}
}

func TestFromPortal(t *testing.T) {
	tests := []struct {
		portal    string
		delivered bool
		want      Status
		ok        bool
	}{
		{"received", false, StatusSubmitted, true},
		{"processing", false, StatusProcessing, true},
		{"supplement_requested", false, StatusSupplementRequested, true},
		{"rejected", false, StatusRejected, true},
		{"result_ready", false, StatusResultReady, true},
		{"result_ready", true, StatusClosed, true},
		{"receiving", false, "", false},
	}
	for _, tt := range tests {
		got, ok := FromPortal(tt.portal, tt.delivered)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FromPortal(%q, %v) = %s, %v", tt.portal, tt.delivered, got, ok)
		}
	}
}

func TestDocumentChangeable(t *testing.T) {
	cases := []struct {
		name           string
		status         Status
		docRound, open int
		want           bool
	}{
		{"a draft's document", StatusDraft, 0, 0, true},
		{"filed with a sent dossier", StatusSubmitted, 0, 0, false},
		{"filed, while a supplement is asked", StatusSupplementRequested, 0, 1, false},
		{"the open round's", StatusSupplementRequested, 1, 1, true},
		{"an earlier round's", StatusSupplementRequested, 1, 2, false},
		{"the round sent (none open)", StatusSupplementRequested, 1, 0, false},
		{"a supplement's, once processing", StatusProcessing, 1, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DocumentChangeable(c.status, c.docRound, c.open); got != c.want {
				t.Errorf("DocumentChangeable(%s, %d, %d) = %v, want %v", c.status, c.docRound, c.open, got, c.want)
			}
		})
	}
}
