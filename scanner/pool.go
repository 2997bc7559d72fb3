package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"fieldkit/agent/model"
)

// PoolStore is what the pool needs from the store.
type PoolStore interface {
	ProcessingDocuments(ctx context.Context) ([]string, error)
	// DocumentSources is read as model.KitViewer: the pool works for the
	// kit, on every dossier's uploads.
	DocumentSources(ctx context.Context, v model.Viewer, docID string) (model.Document, []model.DocumentSource, error)
	ReadFile(rel string) ([]byte, error)
	SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error)
	RemoveFile(f model.StoredFile) error
	FinishDocument(ctx context.Context, docID string, pdf model.StoredFile, pages int, report []model.PageReport) error
	FailDocument(ctx context.Context, docID, reason string) error
	// ClaimDocument counts an attempt before processing starts; false
	// means the document is not to be processed (settled, or given up
	// after too many interrupted attempts). ReleaseDocument takes the
	// attempt back when processing returned without settling it.
	ClaimDocument(ctx context.Context, docID string) (bool, error)
	ReleaseDocument(ctx context.Context, docID string) error
	AcknowledgedSources(ctx context.Context, limit int) ([]model.DocumentSource, error)
	ForgetSource(ctx context.Context, docID string, position int) error
}

// PoolOptions configure a Pool.
type PoolOptions struct {
	Store   PoolStore
	Workers int     // concurrent documents; default 1 (an old PC has two cores, and the web must stay responsive)
	Options Options // normalisation (DPI, quality, limits)
	Log     *slog.Logger
	// PruneEvery is how often originals of dossiers the portal has
	// acknowledged are deleted (default hourly; also once on start).
	PruneEvery time.Duration
}

// Progress is how far a document has got, for the UI.
type Progress struct {
	Queued  int  `json:"queued,omitempty"` // documents ahead of it, when waiting
	Page    int  `json:"page,omitempty"`   // pages done, when running
	Pages   int  `json:"pages,omitempty"`
	Running bool `json:"running"`
}

// Pool processes uploads off the request path: a bounded number of
// workers take document IDs from an unbounded in-memory queue. The queue
// is not the record: a document's "processing" status in the store is,
// so Start queues again whatever a crash interrupted.
type Pool struct {
	o    PoolOptions
	log  *slog.Logger
	mu   sync.Mutex
	cond *sync.Cond
	q    []string
	prog map[string]*Progress
	done map[string]chan struct{}
}

// NewPool makes a pool; Start runs it.
func NewPool(o PoolOptions) *Pool {
	if o.Workers <= 0 {
		o.Workers = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = time.Hour
	}
	o.Options = o.Options.withDefaults()
	p := &Pool{o: o, log: o.Log.With("component", "scanner"), prog: map[string]*Progress{}, done: map[string]chan struct{}{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Enqueue queues a document and returns a channel closed when it has been
// processed (or the pool stopped). It never blocks.
func (p *Pool) Enqueue(docID string) <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch, ok := p.done[docID]; ok {
		return ch
	}
	ch := make(chan struct{})
	p.done[docID] = ch
	p.prog[docID] = &Progress{}
	p.q = append(p.q, docID)
	p.cond.Signal()
	return ch
}

// Progress reports a queued or running document; ok is false otherwise.
func (p *Pool) Progress(docID string) (Progress, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr, ok := p.prog[docID]
	if !ok {
		return Progress{}, false
	}
	out := *pr
	if !out.Running {
		for i, id := range p.q {
			if id == docID {
				out.Queued = i
			}
		}
	}
	return out, true
}

// Start queues the documents left processing by an earlier run, then runs
// the workers until ctx ends. A document being processed when ctx ends
// stays "processing" and is taken up again on the next start.
func (p *Pool) Start(ctx context.Context) error {
	ids, err := p.o.Store.ProcessingDocuments(ctx)
	if err != nil {
		return fmt.Errorf("scanner pool: %w", err)
	}
	for _, id := range ids {
		p.Enqueue(id)
	}
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	var wg sync.WaitGroup
	for range p.o.Workers {
		wg.Go(func() { p.work(ctx) })
	}
	wg.Go(func() {
		t := time.NewTicker(p.o.PruneEvery)
		defer t.Stop()
		for {
			if _, err := p.Prune(ctx); err != nil && ctx.Err() == nil {
				p.log.Warn("prune originals", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	wg.Wait()
	p.mu.Lock()
	for id, ch := range p.done { // release anyone still waiting
		close(ch)
		delete(p.done, id)
	}
	p.mu.Unlock()
	return nil
}

func (p *Pool) work(ctx context.Context) {
	for {
		p.mu.Lock()
		for len(p.q) == 0 && ctx.Err() == nil {
			p.cond.Wait()
		}
		if ctx.Err() != nil {
			p.mu.Unlock()
			return
		}
		id := p.q[0]
		p.q = p.q[1:]
		p.prog[id].Running = true
		p.mu.Unlock()

		if err := p.Process(ctx, id); err != nil && ctx.Err() == nil {
			p.log.Error("process document", "document", id, "err", err)
		}
		p.mu.Lock()
		delete(p.prog, id)
		if ch, ok := p.done[id]; ok {
			close(ch)
			delete(p.done, id)
		}
		p.mu.Unlock()
	}
}

// Process normalises one processing document now: its PDF is stored and
// the document marked ready, or it is marked failed with a reason naming
// the file. It returns an error only for what the helper cannot fix (the
// store failing, the pool stopping).
func (p *Pool) Process(ctx context.Context, docID string) error {
	doc, sources, err := p.o.Store.DocumentSources(ctx, model.KitViewer(), docID)
	if err != nil {
		return err
	}
	if doc.Status != model.DocProcessing {
		return nil
	}
	if len(sources) == 0 {
		return p.o.Store.FailDocument(ctx, docID, "the upload has no file")
	}
	// Crash-loop guard: the claim is committed before any decoder runs, so
	// a file that kills the process is counted, and given up by the store
	// once it has done so too often.
	claimed, err := p.o.Store.ClaimDocument(ctx, docID)
	if err != nil || !claimed {
		return err
	}
	if err := p.process(ctx, doc, sources); err != nil {
		// Processing came back, so it was no crash: the attempt does not
		// count. The stopping pool's ctx is done; the store is still open.
		if rerr := p.o.Store.ReleaseDocument(context.WithoutCancel(ctx), docID); rerr != nil {
			p.log.Warn("release document", "document", docID, "err", rerr)
		}
		return err
	}
	return nil
}

func (p *Pool) process(ctx context.Context, doc model.Document, sources []model.DocumentSource) error {
	docID := doc.ID
	start := time.Now()
	opt := p.o.Options
	// The helper's mode wins over the upload's text flag: colour asked
	// for must not be decoded to gray.
	opt.Mode = doc.ModeSet
	opt.Text = doc.TextMode && doc.ModeSet != model.PageColor
	opt.OnPage = func(done, total int) { p.setPage(docID, done, total) }
	srcs := make([]Source, 0, len(sources))
	for _, s := range sources {
		data, err := p.o.Store.ReadFile(s.Path)
		if err != nil {
			return err
		}
		src, err := Ingest(s.Name, data, opt.Limits)
		if err != nil {
			return p.o.Store.FailDocument(ctx, docID, err.Error())
		}
		srcs = append(srcs, src)
	}
	runCtx, cancel := context.WithTimeout(ctx, opt.Limits.Timeout)
	defer cancel()
	res, err := Normalize(runCtx, srcs, opt)
	switch {
	case ctx.Err() != nil:
		return ctx.Err() // stopping: left processing, taken up on the next start
	case errors.Is(err, context.DeadlineExceeded):
		return p.o.Store.FailDocument(ctx, docID, fmt.Sprintf("processing took longer than %s: send fewer or smaller files", opt.Limits.Timeout))
	case err != nil:
		return p.o.Store.FailDocument(ctx, docID, err.Error())
	}
	stored, err := p.o.Store.SaveFile(bytes.NewReader(res.PDF), int64(len(res.PDF)))
	if err != nil {
		return err
	}
	if err := p.o.Store.FinishDocument(ctx, docID, stored, len(res.Pages), res.Pages); err != nil {
		if rmErr := p.o.Store.RemoveFile(stored); rmErr != nil {
			p.log.Warn("could not remove unused PDF", "err", rmErr)
		}
		return err
	}
	p.log.Info("document processed", "document", docID, "pages", len(res.Pages), "bytes", stored.Bytes,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (p *Pool) setPage(docID string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr, ok := p.prog[docID]; ok {
		pr.Page, pr.Pages = done, total
	}
}

// Prune deletes the originals of documents whose dossier the portal has
// acknowledged, and returns how many it deleted.
func (p *Pool) Prune(ctx context.Context) (int, error) {
	n := 0
	for {
		srcs, err := p.o.Store.AcknowledgedSources(ctx, 100)
		if err != nil || len(srcs) == 0 {
			return n, err
		}
		for _, src := range srcs {
			if err := p.o.Store.ForgetSource(ctx, src.DocumentID, src.Position); err != nil {
				return n, err
			}
			if err := p.o.Store.RemoveFile(model.StoredFile{Path: src.Path}); err != nil && !errors.Is(err, os.ErrNotExist) {
				p.log.Warn("remove original", "err", err)
			}
			n++
		}
	}
}
