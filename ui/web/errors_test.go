package web

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

func TestClassify_MapsDomainErrorsToStatuses(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler)}
	// As the store returns it: wrapped, with the OS's error inside.
	full := fmt.Errorf("save file: %w", fmt.Errorf("%w: %w", model.ErrDiskFull, &fs.PathError{Op: "write", Path: "tmp-1", Err: syscall.ENOSPC}))
	for _, tc := range []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"disk full", full, fiber.StatusInsufficientStorage, "disk_full"},
		{"disk full during a conflicting write", errors.Join(model.ErrConflict, full), fiber.StatusInsufficientStorage, "disk_full"},
		{"disk full at sign-in", fmt.Errorf("authenticate: commit: %w", full), fiber.StatusInsufficientStorage, "disk_full"},
		{"not found", fmt.Errorf("dossier x: %w", model.ErrNotFound), fiber.StatusNotFound, "not_found"},
		{"conflict", model.ErrConflict, fiber.StatusConflict, "conflict"},
		{"too large", model.ErrTooLarge, fiber.StatusRequestEntityTooLarge, "too_large"},
		{"locked", model.ErrLocked, fiber.StatusTooManyRequests, "locked"},
		{"unauthorized", model.ErrUnauthorized, fiber.StatusUnauthorized, "unauthorized"},
		{"a bare ENOSPC nobody mapped", &fs.PathError{Op: "write", Err: syscall.ENOSPC}, fiber.StatusInternalServerError, "internal"},
		{"anything else", os.ErrPermission, fiber.StatusInternalServerError, "internal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := s.classify(tc.err)
			if status != tc.status || body.Error != tc.code {
				t.Fatalf("%v → %d %s, want %d %s", tc.err, status, body.Error, tc.status, tc.code)
			}
		})
	}
}

func TestClassify_DiskFullSaysWhatToDoInBothLanguages(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler)}
	_, body := s.classify(model.ErrDiskFull)
	if body.Message != i18n.New(i18n.EN).T("error.disk_full") {
		t.Fatalf("API message %q", body.Message)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"The disk is full", "nothing already saved was lost", "Free space on the disk", "move the data folder", "call the supervisor"},
		i18n.VI: {"Ổ đĩa đã đầy", "không bị mất", "giải phóng dung lượng", "chuyển thư mục dữ liệu", "gọi giám sát viên"},
	} {
		msg := i18n.New(lang).T("error.disk_full")
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", lang, msg, w)
			}
		}
	}
}
