package e2e

import (
	"fmt"
	"strings"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// consoleWatch collects what a page reports as wrong: console errors,
// uncaught exceptions and the browser's own log entries at error level,
// which is where a Content-Security-Policy violation (an inline handler
// blocked, a script refused) and a failed resource load show up. A
// person never sees these, which is why a flow must fail on them.
type consoleWatch struct {
	mu       sync.Mutex
	problems []string
	allowed  []string // substrings a test expects, e.g. a refusal it provokes
}

// watchConsole starts collecting on p until the page closes.
func watchConsole(p *rod.Page) *consoleWatch {
	w := &consoleWatch{}
	// Log.entryAdded needs the Log domain; EachEvent enables it.
	go p.EachEvent(
		func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError || e.Type == proto.RuntimeConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, a.Value.String()+a.Description)
				}
				w.add("console." + string(e.Type) + ": " + strings.Join(parts, " "))
			}
		},
		func(e *proto.RuntimeExceptionThrown) {
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			w.add("uncaught exception: " + msg)
		},
		func(e *proto.LogEntryAdded) {
			if e.Entry.Level == proto.LogLogEntryLevelError {
				w.add(fmt.Sprintf("browser log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		},
	)()
	return w
}

func (w *consoleWatch) add(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, a := range w.allowed {
		if strings.Contains(s, a) {
			return
		}
	}
	w.problems = append(w.problems, s)
}

// allow lets a test provoke an error it checks itself (a 403 on purpose).
func (w *consoleWatch) allow(substr string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.allowed = append(w.allowed, substr)
}

// take returns what was collected so far and clears it.
func (w *consoleWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}
