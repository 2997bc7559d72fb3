package syncer

import (
	"context"
	"sync"
	"time"
)

// Chunk sizes for tus PATCHes. A chunk is what a dropped link costs at
// most (the portal checks it whole before keeping any of it), so it is
// sized to about chunkTarget of transfer on the link as last measured:
// 32 KiB on 2G, megabytes on Wi-Fi.
const (
	minChunk     = 32 << 10
	maxChunk     = 2 << 20
	firstChunk   = 256 << 10
	chunkTarget  = 2 * time.Second
	rateSmoothed = 0.5 // weight of the newest measurement
)

// chunker picks the next chunk size from measured throughput. It is safe
// for concurrent use.
type chunker struct {
	mu   sync.Mutex
	rate float64 // bytes per second, smoothed; 0 until measured
}

// next is the size of the next chunk.
func (c *chunker) next() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rate == 0 {
		return firstChunk
	}
	return min(max(int(c.rate*chunkTarget.Seconds()), minChunk), maxChunk)
}

// observe records one PATCH: n bytes in d. A failed one halves the
// estimate, so that a link that keeps dropping gets smaller chunks.
func (c *chunker) observe(n int, d time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		if c.rate == 0 {
			c.rate = float64(firstChunk) / chunkTarget.Seconds()
		}
		c.rate /= 2
		return
	}
	if d <= 0 {
		d = time.Millisecond
	}
	r := float64(n) / d.Seconds()
	if c.rate == 0 {
		c.rate = r
		return
	}
	c.rate = rateSmoothed*r + (1-rateSmoothed)*c.rate
}

// limiter caps the kit's upload rate (bytes per second; 0 means no cap)
// so that sync does not take all of a shared link. It paces whole chunks:
// before sending n bytes it waits until the previous bytes have "left"
// at the capped rate.
type limiter struct {
	mu    sync.Mutex
	rate  int64
	ready time.Time // when the link is free again at the capped rate
}

func (l *limiter) wait(ctx context.Context, n int) error {
	if l == nil || l.rate <= 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	start := now
	if l.ready.After(now) {
		start = l.ready
	}
	l.ready = start.Add(time.Duration(float64(n) / float64(l.rate) * float64(time.Second)))
	l.mu.Unlock()
	d := start.Sub(now)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
