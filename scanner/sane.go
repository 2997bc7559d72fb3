package scanner

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// SANE drives a scanner through the `scanimage` command of SANE, when it
// is installed (Linux). Each scan is one process: SANE backends are not
// safe to share, and a stuck backend is killed with its context.
type SANE struct {
	bin    string
	device string
	name   string
}

// NewSANE names one SANE device (as `scanimage -L` lists it). bin is the
// scanimage command ("scanimage" when empty).
func NewSANE(bin, device, name string) *SANE {
	if bin == "" {
		bin = "scanimage"
	}
	if name == "" {
		name = device
	}
	return &SANE{bin: bin, device: device, name: name}
}

// ListSANE lists the SANE devices scanimage finds; none (and no error)
// when scanimage is not installed.
func ListSANE(ctx context.Context, bin string) ([]*SANE, error) {
	if bin == "" {
		bin = "scanimage"
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		return nil, nil
	}
	out, err := exec.CommandContext(ctx, path, "-f", "%d\t%v %m%n").Output()
	if err != nil {
		return nil, fmt.Errorf("scanimage -L: %w", err)
	}
	var list []*SANE
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		dev, name, ok := strings.Cut(sc.Text(), "\t")
		if ok && dev != "" {
			list = append(list, NewSANE(path, dev, strings.TrimSpace(name)))
		}
	}
	return list, nil
}

// ID implements Driver.
func (s *SANE) ID() string { return "sane:" + s.device }

// Name implements Driver.
func (s *SANE) Name() string { return s.name }

// Scan implements Driver: one page as PNG (every scanimage version writes
// PNG; JPEG output came later).
func (s *SANE) Scan(ctx context.Context, set ScanSettings) ([]byte, error) {
	set = set.withDefaults()
	mode := "Gray"
	if set.Color {
		mode = "Color"
	}
	cmd := exec.CommandContext(ctx, s.bin, "-d", s.device, "--format=png", "--mode", mode,
		"--resolution", strconv.Itoa(set.DPI))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "busy") || strings.Contains(msg, "Device busy") {
			return nil, ErrScannerBusy
		}
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return nil, fmt.Errorf("scanimage: %w: %s", err, msg)
	}
	return stdout.Bytes(), nil
}
