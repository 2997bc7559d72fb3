// Package syncer delivers queued dossiers to the portal. It reads only the
// outbox (written in the same transaction as each status change), sends
// oldest first, and records the portal's receipt. Every portal call is
// idempotent (the dossier id is the Idempotency-Key), so a delivery cut
// short by a crash or a dropped link is simply done again.
package syncer

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// Store is what the syncer needs from the store.
type Store interface {
	DueOutbox(ctx context.Context, limit int) ([]model.OutboxItem, error)
	NextOutboxDue(ctx context.Context) (time.Time, bool, error)
	StartSending(ctx context.Context, it model.OutboxItem) error
	// Dossier is read as model.KitViewer: delivery is the kit's own work.
	Dossier(ctx context.Context, v model.Viewer, id string) (model.Dossier, error)
	OpenFile(rel string) (model.FileReader, error)
	RecordPortalID(ctx context.Context, dossierID, portalID, portalStatus string) error
	CompleteSubmit(ctx context.Context, it model.OutboxItem, ref model.PortalRef) error
	RetryLater(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error
	NeedsAttention(ctx context.Context, it model.OutboxItem, reason string) error
	// Yield puts a delivery back in the queue, due at at, attempts
	// unchanged.
	Yield(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error
	// HurryOutbox makes every delivery waiting out a backoff due now.
	HurryOutbox(ctx context.Context) (int, error)
	// RatingToSend, CompleteRating and DelayOutbox serve rating rows,
	// which never move their dossier's status.
	RatingToSend(ctx context.Context, dossierID string) (model.Rating, string, error)
	CompleteRating(ctx context.Context, it model.OutboxItem) error
	DelayOutbox(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error
	CloseOutbox(ctx context.Context, it model.OutboxItem, reason string) error
	KitID(ctx context.Context) (string, error)
	UploadURL(ctx context.Context, documentID string) (string, bool, error)
	SaveUploadURL(ctx context.Context, dossierID, documentID, uploadURL string) error
	ForgetUploadURL(ctx context.Context, documentID string) error
	TrackedDossiers(ctx context.Context, limit int) ([]model.Tracked, error)
	ApplyPortalStatus(ctx context.Context, id string, u model.PortalUpdate) (bool, error)
	Flagged(ctx context.Context, today string, maxWait time.Duration) ([]model.Flag, error)
	UpsertProcedures(ctx context.Context, procs []model.Procedure) (int, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error

	// The life after submission (issue 15, CONTRACT-15.md).

	// CompleteOutbox closes a delivery other than a submit (supplement,
	// withdraw, payment) and records its history event, in one transaction.
	CompleteOutbox(ctx context.Context, it model.OutboxItem) error
	// SupplementRound is the round a supplement delivery carries: the
	// highest round with documents.
	SupplementRound(ctx context.Context, dossierID string) (int, error)
	// SavePortalFile and PortalFile keep what a whole-file portal answered
	// for a document (its file id and hash), committed before the next
	// document goes.
	SavePortalFile(ctx context.Context, documentID, fileID, sha256 string) error
	PortalFile(ctx context.Context, documentID string) (fileID, sha256 string, ok bool, err error)
	// MarkUploadInDoubt and UploadInDoubt keep, for a whole-file portal,
	// that a document's upload was sent and not answered (SavePortalFile
	// clears it).
	MarkUploadInDoubt(ctx context.Context, documentID string, at time.Time) error
	UploadInDoubt(ctx context.Context, documentID string) (since time.Time, ok bool, err error)
	ClearUploadDoubt(ctx context.Context, documentID string) error
	// UnsentPayments lists the counter payments of a dossier not yet sent.
	UnsentPayments(ctx context.Context, dossierID string) ([]model.Payment, error)
	// MissingResults lists result documents the portal offers and the kit
	// has not stored; SaveResult stores one (encrypted) after checking its
	// SHA-256.
	MissingResults(ctx context.Context, limit int) ([]model.ResultToFetch, error)
	SaveResult(ctx context.Context, dossierID string, r model.ResultRef, body io.Reader) error
}

// Portal is what the syncer needs from a portal: the seam, owned by the
// syncer's needs and defined in sync/portal, with one of its two upload
// styles (portal.ResumableUploader or portal.WholeUploader).
type Portal = portal.Adapter

// Options configure a Syncer.
type Options struct {
	Store      Store
	Portal     Portal
	Log        *slog.Logger
	Interval   time.Duration // idle wake-up: look for due work and check the link
	BackoffMin time.Duration // first delay after a failed delivery
	BackoffMax time.Duration
	// MaxBytesPerSecond caps upload bandwidth; 0 means no cap.
	MaxBytesPerSecond int64
	// SliceBytes is how much one dossier may upload before it lets the
	// next due one go first; 0 means DefaultSliceBytes.
	SliceBytes int64
	// Parallel is how many dossiers are delivered side by side; 0 means
	// DefaultParallel. Waiting on the portal and on disk overlaps.
	Parallel int
	// StatusInterval is how often the status of dossiers the portal holds
	// is pulled; 0 means DefaultStatusInterval.
	StatusInterval time.Duration
	// FlagAfter flags a dossier queued this long; 0 means DefaultFlagAfter.
	FlagAfter time.Duration
	// ProbeInterval is how often the link is probed while the portal is
	// out of reach, apart from deliveries and their backoff; 0 means
	// DefaultProbeInterval.
	ProbeInterval time.Duration
	// ProbeURL is a connectivity check asked when the portal does not
	// answer, to tell "portal down" from "no internet" and "hotspot
	// sign-in" (see internetCheck); "" asks nothing, and then a portal
	// that does not answer at all reads as no internet.
	ProbeURL string
	// UploadSettle is how long a whole-file upload that got no answer may
	// still be landing at the portal; 0 means DefaultUploadSettle.
	UploadSettle time.Duration
	Now          func() time.Time
}

// DefaultUploadSettle: a file whose last bytes were sent when the kit was
// killed, or when its answer was lost, may still be read by the portal
// from its buffers, or passed on by a proxy that buffered the body, and
// committed after the kit asks for it by hash. Seconds cover a LAN hop
// and a commit; the wait only ever falls on a document in doubt.
const DefaultUploadSettle = 3 * time.Second

// DefaultStatusInterval: decisions take days, so a pull every quarter of
// an hour is plenty and cheap on a metered link.
const DefaultStatusInterval = 15 * time.Minute

// DefaultFlagAfter: three days in the queue means the kit has been
// offline too long, or something is wrong; a supervisor should know.
const DefaultFlagAfter = 72 * time.Hour

// DefaultParallel delivers a few dossiers at once: enough to overlap
// round trips and fsyncs, few enough not to crowd a weak link.
const DefaultParallel = 4

// DefaultSliceBytes is a dossier's turn on the link: a few seconds on a
// good link, so that one huge dossier does not block the small ones.
const DefaultSliceBytes = 8 << 20

// Syncer drains the outbox to the portal.
type Syncer struct {
	o         Options
	log       *slog.Logger
	wake      chan struct{}
	reachable atomic.Bool
	link      atomic.Value // string: one of the Link constants
	// outage is set when the link was seen gone (no answer from the
	// portal, or a failed probe) and cleared by the portal's next answer,
	// which then cuts every backoff short (see linkBack). A delivery the
	// portal itself answered with an error does not set it: that backoff
	// stands.
	outage atomic.Bool
	inet   *internetCheck // nil: no ProbeURL
	chunks chunker
	limit  limiter

	limitsMu sync.Mutex
	limits   portal.Limits // as last published by the portal
	limitsAt time.Time

	// pullNow asks the loop for a status pull at its next turn (a
	// helper's "sync now"), whatever the status interval says.
	pullNow atomic.Bool

	// started is when this syncer (this life of the kit) began: an upload
	// a previous life left in doubt was sent no later than this.
	started time.Time
}

// New makes a Syncer; Start runs it.
func New(o Options) *Syncer {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Second
	}
	if o.BackoffMin <= 0 {
		o.BackoffMin = 2 * time.Second
	}
	if o.BackoffMax < o.BackoffMin {
		o.BackoffMax = o.BackoffMin
	}
	if o.StatusInterval <= 0 {
		o.StatusInterval = DefaultStatusInterval
	}
	if o.FlagAfter <= 0 {
		o.FlagAfter = DefaultFlagAfter
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.SliceBytes <= 0 {
		o.SliceBytes = DefaultSliceBytes
	}
	if o.ProbeInterval <= 0 {
		o.ProbeInterval = DefaultProbeInterval
	}
	if o.UploadSettle <= 0 {
		o.UploadSettle = DefaultUploadSettle
	}
	s := &Syncer{o: o, log: o.Log.With("component", "syncer"), wake: make(chan struct{}, 1),
		inet: newInternetCheck(o.ProbeURL), started: o.Now()}
	s.link.Store(LinkUnknown)
	// Nothing is known of the link at start (the kit may have been off
	// for hours): the portal's first answer makes every delivery due.
	s.outage.Store(true)
	s.limit.rate = o.MaxBytesPerSecond
	return s
}

// Wake asks for a delivery round now (a dossier was queued, or a person
// pressed "sync now"). It never blocks.
func (s *Syncer) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// PullNow asks for a status pull of every open dossier at once (the
// resident at the counter asks for news), and a delivery round with it.
// It never blocks; the pull happens on the syncer's own loop.
func (s *Syncer) PullNow() {
	s.pullNow.Store(true)
	s.Wake()
}

// PullStatusNow is PullNow for the web layer ("Gửi ngay", POST
// /api/v1/sync/now): it only asks, so the request never waits on the portal.
func (s *Syncer) PullStatusNow(context.Context) error {
	s.PullNow()
	return nil
}

// PortalReachable reports whether the last contact with the portal got an
// answer from it.
func (s *Syncer) PortalReachable() bool { return s.reachable.Load() }

// Link reports the state of the link to the portal as last seen: one of
// LinkOnline, LinkNoInternet, LinkCaptive, LinkPortalDown, LinkUnknown.
func (s *Syncer) Link() string { return s.link.Load().(string) }

// observe records what a portal call said about the link. The first
// answer after an outage cuts every waiting backoff short.
func (s *Syncer) observe(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return // shutting down: the call was cut by us, not by the link
	}
	state := s.diagnose(ctx, err)
	s.link.Store(state)
	s.reachable.Store(state == LinkOnline)
	switch {
	case state == LinkOnline:
		if s.outage.Swap(false) {
			s.linkBack(ctx)
		}
	case !portalsOwn(err):
		s.outage.Store(true)
	}
}

// Start delivers until ctx ends: a round now, then one whenever woken,
// when the earliest retry falls due, or every Interval; and while the
// portal is out of reach, every ProbeInterval (with jitter) to probe the
// link. No busy loop.
func (s *Syncer) Start(ctx context.Context) error {
	// A stopped syncer leaves no connection open at the portal: a server
	// waiting for its clients to go would wait for this one.
	defer s.o.Portal.CloseIdleConnections()
	var lastPull time.Time
	for {
		if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("sync round failed", "err", err)
		}
		if (s.pullNow.Swap(false) || s.o.Now().Sub(lastPull) >= s.o.StatusInterval) && ctx.Err() == nil {
			if _, err := s.PullStatus(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("status pull failed", "err", err)
			}
			if _, err := s.RefreshCatalog(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("catalog refresh failed", "err", err)
			}
			lastPull = s.o.Now()
		}
		wait := s.o.Interval
		if due, ok, err := s.o.Store.NextOutboxDue(ctx); err == nil && ok {
			if d := due.Sub(s.o.Now()); d < wait {
				wait = max(d, 50*time.Millisecond)
			}
		}
		if !s.reachable.Load() {
			wait = min(wait, s.probeDelay())
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Sync runs one round: every due delivery, oldest first, up to Parallel
// at a time, until none is due or the portal cannot be reached. Tests
// call it directly.
func (s *Syncer) Sync(ctx context.Context) error {
	for ctx.Err() == nil {
		batch, err := s.o.Store.DueOutbox(ctx, s.o.Parallel)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			if s.reachable.Load() {
				return nil
			}
			s.checkLink(ctx)
			if !s.reachable.Load() {
				return nil
			}
			continue // the link is back: what waited for it is due now
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		for _, it := range batch {
			wg.Go(func() {
				if it.Kind == outboxRating {
					if s.sendRating(ctx, it) {
						stop.Store(true)
					}
					return
				}
				if err := s.deliver(ctx, it); err != nil && ctx.Err() == nil {
					if s.fail(ctx, it, err) {
						stop.Store(true)
					}
				}
			})
		}
		wg.Wait()
		if stop.Load() {
			return nil // the link is down: wait for the next wake-up
		}
	}
	return nil
}

// fail records a failed delivery. A refusal the portal gave with reasons
// waits for a person; anything else is retried with backoff. It reports
// whether the round should stop because the portal is out of reach.
func (s *Syncer) fail(ctx context.Context, it model.OutboxItem, err error) (stop bool) {
	if errors.Is(err, errYield) {
		if rerr := s.o.Store.Yield(ctx, it, "paused to let smaller dossiers through", s.o.Now()); rerr != nil {
			s.log.Error("yield", "dossier", it.DossierID, "err", rerr)
		}
		return false
	}
	if se, ok := errors.AsType[*settlingError](err); ok {
		s.log.Info("upload in doubt: waiting for the portal to settle", "dossier", it.DossierID, "until", se.until)
		if rerr := s.o.Store.Yield(ctx, it, "waiting to see whether the portal took a file sent before", se.until); rerr != nil {
			s.log.Error("yield", "dossier", it.DossierID, "err", rerr)
		}
		return false
	}
	if errors.Is(err, errSetAside) {
		s.log.Warn("delivery set aside", "dossier", it.DossierID, "kind", it.Kind, "err", err)
		if rerr := s.o.Store.NeedsAttention(ctx, it, reasonText(err)); rerr != nil {
			s.log.Error("record set-aside", "dossier", it.DossierID, "err", rerr)
		}
		return false
	}
	var perr *portal.Error
	answered := errors.As(err, &perr)
	s.observe(ctx, err)
	answered = answered && s.Link() == LinkOnline
	// Whether the portal refused is read from the answer itself, never
	// from the link's state: deliveries run side by side, and another's
	// success in between made a proxy's page (or the portal's "not found"
	// cut short on the way) count as the portal's refusal.
	if portal.IsPermanent(err) {
		s.log.Warn("portal refused dossier", "dossier", it.DossierID, "status", perr.StatusCode, "code", perr.Code)
		if rerr := s.o.Store.NeedsAttention(ctx, it, "portal refused: "+perr.Message); rerr != nil {
			s.log.Error("record refusal", "dossier", it.DossierID, "err", rerr)
		}
		return false
	}
	at := s.o.Now().Add(s.backoff(it.Attempts))
	s.log.Warn("delivery failed, will retry", "dossier", it.DossierID, "attempt", it.Attempts+1, "retry_at", at, "err", err)
	if rerr := s.o.Store.RetryLater(ctx, it, reasonText(err), at); rerr != nil {
		s.log.Error("record retry", "dossier", it.DossierID, "err", rerr)
	}
	return !answered
}

// backoff is exponential in the attempts so far, capped, with full jitter
// over its upper half so that kits coming back online do not all retry at once.
func (s *Syncer) backoff(attempts int) time.Duration {
	d := s.o.BackoffMin
	for i := 0; i < attempts && d < s.o.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, s.o.BackoffMax)
	return d/2 + rand.N(d/2+1)
}

// reasonText is what the history shows: short, and free of personal data
// (errors here carry ids, statuses and network messages only).
func reasonText(err error) string {
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

// creatingKit is the kit id a tracking code starts with (KIT-YYMMDD-NNNN).
func creatingKit(trackingCode string) string {
	kit, _, ok := strings.Cut(trackingCode, "-")
	if !ok {
		return ""
	}
	return kit
}
