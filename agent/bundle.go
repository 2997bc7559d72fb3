package agent

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"fieldkit/agent/durable"
	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/transfer"
)

// bundlePayload is what a bundle carries, encrypted.
type bundlePayload struct {
	Dossiers []model.Dossier   `json:"dossiers"`
	Files    map[string][]byte `json:"files"` // document id → content
}

// signingKeyFile holds the kit's ed25519 seed that signs its bundles.
const signingKeyFile = "transfer-signing.key"

// registerPassphrase adds --passphrase-file; the passphrase itself never
// goes on a command line, where other users could read it.
func registerPassphrase(fs *flag.FlagSet, p *string, getenv Env) {
	fs.StringVar(p, "passphrase-file", getenv("FIELDKIT_TRANSFER_PASSPHRASE_FILE"),
		"file holding the transfer passphrase (else FIELDKIT_TRANSFER_PASSPHRASE)")
}

func readPassphrase(file string, getenv Env) (string, error) {
	if file == "" {
		if p := getenv("FIELDKIT_TRANSFER_PASSPHRASE"); p != "" {
			return p, nil
		}
		return "", errors.New("no transfer passphrase: give --passphrase-file or set FIELDKIT_TRANSFER_PASSPHRASE")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read passphrase: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// runExport writes every queued dossier into one sealed bundle in --to.
func runExport(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("export", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	to := fs.String("to", "", "folder to write the bundle to (a USB stick)")
	var passFile string
	registerPassphrase(fs, &passFile, getenv)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("export: --to DIR is required")
	}
	pass, err := readPassphrase(passFile, getenv)
	if err != nil {
		return err
	}
	store, cfg, err := common.open(ctx, getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer store.Close()
	path, n, err := exportBundle(ctx, store, *to, pass)
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(stdio.Stdout, "Nothing is waiting to be sent: no bundle written.")
		return nil
	}
	key, _ := signingKey(cfg.DataDir)
	fmt.Fprintf(stdio.Stdout, "Wrote %d dossiers to %s (signed by %s)\n", n, path, transfer.Fingerprint(key.Public().(ed25519.PublicKey)))
	return nil
}

// exportBundle seals the transfer queue into dir and records the export.
func exportBundle(ctx context.Context, store *sqlite.Store, dir, pass string) (string, int, error) {
	dossiers, err := store.TransferQueue(ctx)
	if err != nil || len(dossiers) == 0 {
		return "", 0, err
	}
	key, err := signingKey(store.DataDir())
	if err != nil {
		return "", 0, err
	}
	p := bundlePayload{Dossiers: dossiers, Files: map[string][]byte{}}
	ids := make([]string, 0, len(dossiers))
	for _, d := range dossiers {
		ids = append(ids, d.ID)
		for _, doc := range d.Documents {
			f, err := store.OpenFile(doc.Path)
			if err != nil {
				return "", 0, fmt.Errorf("export: %w", err)
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return "", 0, fmt.Errorf("export: %w", err)
			}
			p.Files[doc.ID] = b
		}
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", 0, err
	}
	kit, err := store.KitID(ctx)
	if err != nil {
		return "", 0, err
	}
	h := transfer.Header{BundleID: uuid.NewString(), Kit: kit, Created: time.Now().UTC(), Count: len(dossiers)}
	var buf bytes.Buffer
	if err := transfer.Seal(&buf, h, payload, pass, key); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	name := fmt.Sprintf("fieldkit-%s-%s.fkb", kit, h.Created.Format("20060102-150405"))
	path := filepath.Join(dir, name)
	if err := durable.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	if err := store.MarkExported(ctx, ids, h.BundleID); err != nil {
		return "", 0, err
	}
	return path, len(dossiers), nil
}

// runImport takes a bundle's dossiers into this kit's queue.
func runImport(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("import", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	trust := fs.String("trust", "", "accept only bundles signed by this kit fingerprint")
	var passFile string
	registerPassphrase(fs, &passFile, getenv)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: fieldkit import BUNDLE [--data DIR] [--passphrase-file FILE] [--trust FINGERPRINT]")
	}
	pass, err := readPassphrase(passFile, getenv)
	if err != nil {
		return err
	}
	store, _, err := common.open(ctx, getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := importBundle(ctx, store, pos[0], pass, *trust)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "Bundle from kit %s (signed by %s): %d new dossiers queued, %d already here.\n",
		res.Kit, res.Signer, res.Imported, res.Skipped)
	for _, f := range res.Failed {
		fmt.Fprintln(stdio.Stdout, "  not imported:", f)
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d dossiers could not be imported", len(res.Failed))
	}
	return nil
}

// importResult says what an import did.
type importResult struct {
	Kit, Signer       string
	Imported, Skipped int
	Failed            []string
}

func importBundle(ctx context.Context, store *sqlite.Store, path, pass, trust string) (importResult, error) {
	var res importResult
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	h, payload, err := transfer.Open(f, pass, nil)
	if err != nil {
		return res, fmt.Errorf("import %s: %w", filepath.Base(path), err)
	}
	res.Kit, res.Signer = h.Kit, transfer.Fingerprint(h.Signer)
	if trust != "" && trust != res.Signer {
		return res, fmt.Errorf("import: bundle signed by %s, not by the trusted kit %s", res.Signer, trust)
	}
	var p bundlePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return res, fmt.Errorf("import: payload: %w", err)
	}
	detail := fmt.Sprintf("bundle %s from kit %s", h.BundleID, h.Kit)
	for _, d := range p.Dossiers {
		ok, err := importOne(ctx, store, d, p.Files, detail)
		switch {
		case err != nil:
			res.Failed = append(res.Failed, fmt.Sprintf("%s: %v", d.TrackingCode, err))
		case ok:
			res.Imported++
		default:
			res.Skipped++
		}
	}
	return res, nil
}

// importOne writes a dossier's files durably, then references them in
// one transaction; files of a dossier that was not taken are removed.
func importOne(ctx context.Context, store *sqlite.Store, d model.Dossier, content map[string][]byte, detail string) (bool, error) {
	if has, err := store.HasDossier(ctx, d.ID); err != nil || has {
		return false, err
	}
	files := map[string]model.StoredFile{}
	cleanup := func() {
		for _, f := range files {
			store.RemoveFile(f)
		}
	}
	for _, doc := range d.Documents {
		b, ok := content[doc.ID]
		if !ok {
			cleanup()
			return false, fmt.Errorf("document %s missing from bundle", doc.ID)
		}
		f, err := store.SaveFile(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			cleanup()
			return false, err
		}
		files[doc.ID] = f
	}
	ok, err := store.ImportDossier(ctx, d, files, detail)
	if err != nil || !ok {
		cleanup()
	}
	return ok, err
}

// signingKey loads the kit's bundle-signing key, making it on first use.
func signingKey(dataDir string) (ed25519.PrivateKey, error) {
	path := filepath.Join(dataDir, signingKeyFile)
	seed, err := os.ReadFile(path)
	if err == nil && len(seed) == ed25519.SeedSize {
		return ed25519.NewKeyFromSeed(seed), nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if err == nil {
		return nil, fmt.Errorf("signing key %s is damaged", path)
	}
	seed = make([]byte, ed25519.SeedSize)
	rand.Read(seed)
	if err := durable.WriteFile(path, seed, 0o600); err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}
