package agent

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps the architecture honest: feature packages
// depend on the domain, never on each other; only agent wires them. It
// checks what the packages themselves import, which is what the kit's
// binary is made of; a package's tests may wire real neighbours the way
// agent does (ui/web's tests run the real capture pipeline).
func TestDependencyDirection(t *testing.T) {
	forbidden := map[string][]string{
		"fieldkit/agent/model": {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/sync", "fieldkit/scanner", "fieldkit/configs"},
		// The web layer reaches the capture pipeline only through the
		// interface it declares (web.CapturePipeline): no second place
		// decodes or renders a file outside the scanner's limits.
		"fieldkit/ui/web": {"fieldkit/agent/sqlite", "fieldkit/sync", "fieldkit/scanner",
			"github.com/gen2brain/go-fitz", "github.com/makiuchi-d/gozxing"},
		"fieldkit/ui/views":       {"fieldkit/agent/sqlite", "fieldkit/sync", "fieldkit/ui/web", "github.com/gofiber"},
		"fieldkit/sync/syncer":    {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/scanner"},
		"fieldkit/sync/portal":    {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/sync/syncer"},
		"fieldkit/sync/portalsim": {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/sync/syncer"},
		"fieldkit/scanner":        {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/sync"},
		"fieldkit/agent/sqlite":   {"fieldkit/ui", "fieldkit/sync", "fieldkit/scanner"},
		// The fleet's series read the store through their own interface;
		// the pusher knows nothing but a Gatherer.
		"fieldkit/agent/kitmetrics": {"fieldkit/agent/sqlite", "fieldkit/ui", "fieldkit/sync", "fieldkit/scanner"},
		"fieldkit/sync/metricspush": {"fieldkit/agent", "fieldkit/ui", "fieldkit/scanner", "fieldkit/sync/syncer", "fieldkit/sync/portal"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-tags", "sqlite_fts5", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range bad {
				if dep == b || strings.HasPrefix(dep, b+"/") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
