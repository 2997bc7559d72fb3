package configs

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"fieldkit/agent/model"
)

// Config is everything an operator may set. Zero values are replaced by
// Default's; the composition root reads it once and passes plain values on.
type Config struct {
	DataDir   string `yaml:"data_dir"`
	Addr      string `yaml:"addr"`       // where the UI and API listen
	PortalURL string `yaml:"portal_url"` // the city portal (or a reference portal)
	// KitID prefixes tracking codes (KITID-YYMMDD-NNNN); empty means one is
	// made up on first start and kept in the store.
	KitID string `yaml:"kit_id"`
	// KitCommuneCode is the commune-level unit the kit serves (a code of
	// danang-communes-2025.csv), so that the city's Prometheus groups
	// kits by commune; empty exports "unset".
	KitCommuneCode string `yaml:"kit_commune_code"`
	// KitKind is where the kit works: centre, post_office, team or event.
	KitKind  string `yaml:"kit_kind"`
	LogLevel string `yaml:"log_level"` // debug, info, warn, error

	SessionTTL  time.Duration `yaml:"session_ttl"`
	SessionIdle time.Duration `yaml:"session_idle"` // sign out after this long unused
	// LANMode serves phones on the local network; off, only this computer
	// is answered whatever Addr says.
	LANMode bool `yaml:"lan_mode"`
	// RequireApproval makes a supervisor approve each dossier before it
	// is sent (off by default).
	RequireApproval bool `yaml:"require_approval"`
	// PublicURL is how phones reach the kit in LAN mode (pairing QR
	// codes); empty means the first LAN address and the listening port.
	PublicURL string `yaml:"public_url"`
	// TLS serves HTTPS with a self-signed certificate kept in the data
	// dir; its fingerprint is shown in the pairing QR code.
	TLS bool `yaml:"tls"`

	Encryption EncryptionConfig `yaml:"encryption"`

	Retention RetentionConfig `yaml:"retention"`

	Upload UploadConfig `yaml:"upload"`
	Disk   DiskConfig   `yaml:"disk"`
	Sync   SyncConfig   `yaml:"sync"`
	Scan   ScanConfig   `yaml:"scan"`
	// PortalAPI says which protocol the city portal speaks (config
	// `portal.adapter`; issue 15).
	PortalAPI PortalConfig `yaml:"portal"`
	// Portal configures the reference portal (`fieldkit portal-sim` and demo mode).
	Portal PortalSimConfig `yaml:"portal_sim"`
	// Receipt configures the printed receipt with appointment.
	Receipt ReceiptConfig `yaml:"receipt"`
	// Satisfaction is the one-tap rating offered after the receipt.
	Satisfaction SatisfactionConfig `yaml:"satisfaction"`
	// Metrics says who may scrape /metrics and where the kit pushes.
	Metrics MetricsConfig `yaml:"metrics"`
}

// Kit kinds, the kit_kind label of every series.
const (
	KindCentre     = "centre"      // a commune public-administration centre
	KindPostOffice = "post_office" // a post office with DVC agents
	KindTeam       = "team"        // a community digital technology team
	KindEvent      = "event"       // a weekend or mobile event
)

// MetricsConfig opens the kit's Prometheus series to a district's
// server: pulled (a scraper with the token or a client certificate) or
// pushed to a Pushgateway when the link is up.
type MetricsConfig struct {
	// TokenSHA256 is the hex SHA-256 of the bearer token a scraper on
	// another machine sends (`printf %s "$TOKEN" | sha256sum`): the
	// token itself is never written in the config. Empty: only this
	// computer and a supervisor's session may read /metrics.
	TokenSHA256 string `yaml:"token_sha256"`
	// ClientCA is a PEM file of the CA whose client certificates may
	// scrape /metrics (mTLS; needs tls: true). Empty: no client
	// certificates are asked.
	ClientCA string `yaml:"client_ca"`
	// PushURL is a Pushgateway's base URL; empty pushes nothing.
	PushURL string `yaml:"push_url"`
	// PushInterval is how often the kit pushes while it runs; it also
	// pushes as soon as the link returns.
	PushInterval time.Duration `yaml:"push_interval"`
	// PushTimeout bounds one push, connection included.
	PushTimeout time.Duration `yaml:"push_timeout"`
	// PushUser and PushPasswordFile are the basic-auth credentials of a
	// Pushgateway started with --web.config.file; the password is read
	// from its file at start, never kept in the config nor logged.
	PushUser         string `yaml:"push_user"`
	PushPasswordFile string `yaml:"push_password_file"`
}

// SatisfactionConfig is the satisfaction question and its answers. The
// default follows what the national portal is reported to use (Rất hài
// lòng / Hài lòng / Chưa hài lòng), not read on the portal itself, so it
// stays marked unverified until a kit sets verified: true.
type SatisfactionConfig struct {
	Question string               `yaml:"question"`
	Options  []SatisfactionOption `yaml:"options"`
	Verified bool                 `yaml:"verified"`
}

// SatisfactionOption is one answer: the value sent to the portal and the
// words shown to the resident.
type SatisfactionOption struct {
	Value string `yaml:"value"`
	Label string `yaml:"label"`
}

// Scale is the configured scale as the domain has it; no options means
// the default scale.
func (c SatisfactionConfig) Scale() model.RatingScale {
	if len(c.Options) == 0 {
		return model.DefaultRatingScale()
	}
	s := model.RatingScale{Question: c.Question, Unverified: !c.Verified}
	if s.Question == "" {
		s.Question = model.DefaultRatingScale().Question
	}
	for _, o := range c.Options {
		s.Options = append(s.Options, model.RatingOption{Value: o.Value, Label: o.Label})
	}
	return s
}

// ReceiptConfig configures receipts: the QR's status URL, the centre's
// name and whether the centre receives on Saturday mornings (unverified for
// Da Nang, so off by default). Saturday reception never moves an
// appointment: time limits count statutory working days only.
type ReceiptConfig struct {
	// StatusURLTemplate is where a resident checks progress; "{code}" is
	// replaced by the portal's official code (printed only once the portal
	// issued it). Unverified: the city portal's lookup address was not
	// confirmed.
	StatusURLTemplate string `yaml:"status_url_template"`
	// Centre is the receiving unit as the receipt's header names it: a
	// centre, or a post office ("BƯU ĐIỆN …"); Agency the line above it;
	// Place the place in "…, ngày … tháng … năm …". Defaults unverified:
	// set them per kit.
	Centre           string `yaml:"centre"`
	Agency           string `yaml:"agency"`
	Place            string `yaml:"place"`
	SaturdayMornings bool   `yaml:"saturday_mornings"`
}

// EncryptionConfig says how the data key is unlocked at start (see the
// README's security section for the trade-off).
type EncryptionConfig struct {
	// Mode is "keyfile" (unattended: the key sits in KeyFile) or
	// "passphrase" (a supervisor's passphrase, from FIELDKIT_PASSPHRASE,
	// unlocks the key wrapped in Keyring).
	Mode    string `yaml:"mode"`
	KeyFile string `yaml:"key_file"` // default: DATA_DIR/keys/master.key
	Keyring string `yaml:"keyring"`  // default: DATA_DIR/keys/keyring.json
}

// RetentionConfig says how long personal data stays on the kit.
type RetentionConfig struct {
	AfterReceipt  time.Duration `yaml:"after_receipt"`  // files, after the portal confirmed receipt
	UnusedProfile time.Duration `yaml:"unused_profile"` // applicant profiles no dossier touched
	Every         time.Duration `yaml:"every"`          // how often serve purges
}

// UploadConfig bounds what a helper can upload.
type UploadConfig struct {
	MaxBytes  int64 `yaml:"max_bytes"`  // one document
	MaxPixels int   `yaml:"max_pixels"` // one image, checked from its header; one PDF page drawn at 100 DPI
	MaxPages  int   `yaml:"max_pages"`  // one PDF
}

// DiskConfig says when the disk holding the data folder is nearly full.
type DiskConfig struct {
	// MinFreeBytes is the free space below which /healthz, `fieldkit
	// doctor` and the supervisor's dashboard warn, while there is still
	// room to free space before writes fail. 0 turns the warning off.
	MinFreeBytes int64 `yaml:"min_free_bytes"`
}

// SyncConfig tunes delivery to the portal.
type SyncConfig struct {
	Interval       time.Duration `yaml:"interval"`        // how often to look for work when idle
	RequestTimeout time.Duration `yaml:"request_timeout"` // one HTTP attempt
	RetryMax       int           `yaml:"retry_max"`       // attempts inside one request
	BackoffMin     time.Duration `yaml:"backoff_min"`     // between delivery attempts of one dossier
	BackoffMax     time.Duration `yaml:"backoff_max"`
	// ClientID and ClientSecret are the kit's OAuth2 client credentials
	// at the portal; the defaults match the reference portal's. Never logged.
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
	// Parallel is how many dossiers are delivered side by side.
	Parallel int `yaml:"parallel"`
	// MaxBytesPerSecond caps upload bandwidth (0: no cap), so sync does
	// not take all of a shared link.
	MaxBytesPerSecond int64 `yaml:"max_bytes_per_second"`
	// StatusInterval is how often the status of submitted dossiers is pulled.
	StatusInterval time.Duration `yaml:"status_interval"`
	// UploadSettle is how long a whole-file upload (igate) that got no
	// answer may still be landing at the portal before the kit asks by
	// hash and sends it again; 0 means the syncer's default (3s).
	UploadSettle time.Duration `yaml:"upload_settle"`
	// FlagAfter flags a dossier for the supervisor when it has waited in
	// the queue this long.
	FlagAfter time.Duration `yaml:"flag_after"`
	// ProbeInterval is how often the link is probed while the portal is
	// out of reach, so that queued dossiers go within seconds of its return.
	ProbeInterval time.Duration `yaml:"probe_interval"`
	// ProbeURL is a connectivity check (an empty 204 answer over plain
	// HTTP, or any answer over HTTPS) asked when the portal does not
	// answer, to tell "portal down" from "no internet" and "Wi-Fi sign-in
	// page". Empty asks nothing: a portal that does not answer then reads
	// as no internet. The default is the check Android and ChromeOS use,
	// over plain HTTP so that a hotspot's interception shows.
	ProbeURL string `yaml:"probe_url"`
}

// PortalConfig chooses the portal adapter (sync/portal's seam).
type PortalConfig struct {
	// Adapter is "reference" (the default: the kit's own contract, tus
	// uploads) or "igate" (the VNPT iGate shape, sync/portal/igate).
	Adapter string `yaml:"adapter"`
	// Realm is the igate portal's Keycloak realm; empty means the
	// adapter's default. Unverified for Da Nang.
	Realm string `yaml:"realm"`
	// CodePattern is the igate code pattern that issues official codes;
	// empty means the adapter's default. Unverified for Da Nang.
	CodePattern string `yaml:"code_pattern"`
}

// Portal adapter names (config portal.adapter, `serve --portal-adapter`).
const (
	AdapterReference = "reference"
	AdapterIGate     = "igate"
)

// PortalSimConfig configures the reference portal.
type PortalSimConfig struct {
	Addr         string `yaml:"addr"`
	DataDir      string `yaml:"data_dir"`
	AgencyPrefix string `yaml:"agency_prefix"` // receipt codes: <agency>-YYMMDD-NNNN
}

// Default returns a configuration that works with no file at all.
func Default() Config {
	return Config{
		DataDir:     "fieldkit-data",
		KitKind:     KindCentre,
		Addr:        "127.0.0.1:8080",
		PortalURL:   "http://127.0.0.1:8090",
		LogLevel:    "info",
		SessionTTL:  12 * time.Hour,
		SessionIdle: 30 * time.Minute,
		Encryption:  EncryptionConfig{Mode: "keyfile"},
		Retention:   RetentionConfig{AfterReceipt: 7 * 24 * time.Hour, UnusedProfile: 180 * 24 * time.Hour, Every: time.Hour},
		Upload:      UploadConfig{MaxBytes: 25 << 20, MaxPixels: 50_000_000, MaxPages: 200},
		// A day of uploads at a busy centre is a few hundred megabytes.
		Disk: DiskConfig{MinFreeBytes: 500 << 20},
		Sync: SyncConfig{Interval: 30 * time.Second, RequestTimeout: 2 * time.Minute, RetryMax: 3,
			BackoffMin: 2 * time.Second, BackoffMax: 5 * time.Minute,
			ClientID: "fieldkit-demo", ClientSecret: "fieldkit-demo-secret", Parallel: 4,
			StatusInterval: 15 * time.Minute, UploadSettle: 3 * time.Second, FlagAfter: 72 * time.Hour,
			ProbeInterval: 5 * time.Second, ProbeURL: "http://connectivitycheck.gstatic.com/generate_204"},
		Scan: defaultScan(),
		Receipt: ReceiptConfig{StatusURLTemplate: "https://dichvucong.danang.gov.vn/tra-cuu-ho-so?ma={code}",
			Centre: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", Agency: "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", Place: "Đà Nẵng"},
		Portal:       PortalSimConfig{Addr: "127.0.0.1:8090", DataDir: "portal-data", AgencyPrefix: "000.00.00.H48"},
		Metrics:      MetricsConfig{PushInterval: 5 * time.Minute, PushTimeout: 10 * time.Second},
		Satisfaction: defaultSatisfaction(),
		PortalAPI:    PortalConfig{Adapter: AdapterReference},
	}
}

// defaultSatisfaction is model.DefaultRatingScale written as config.
func defaultSatisfaction() SatisfactionConfig {
	d := model.DefaultRatingScale()
	c := SatisfactionConfig{Question: d.Question}
	for _, o := range d.Options {
		c.Options = append(c.Options, SatisfactionOption{Value: o.Value, Label: o.Label})
	}
	return c
}

// Load reads a YAML config file over the defaults. An empty path returns
// the defaults. Unknown keys are an error, so typos do not pass silently.
func Load(path string) (Config, error) {
	c := Default()
	if path == "" {
		return c, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, c.Validate()
}

// Validate checks values that would otherwise fail later and obscurely.
func (c Config) Validate() error {
	switch {
	case c.DataDir == "":
		return fmt.Errorf("config: data_dir is empty")
	case c.Upload.MaxBytes <= 0 || c.Upload.MaxPixels <= 0 || c.Upload.MaxPages <= 0:
		return fmt.Errorf("config: upload limits must be positive")
	case c.Disk.MinFreeBytes < 0:
		return fmt.Errorf("config: disk.min_free_bytes must not be negative")
	case c.PortalAPI.Adapter != AdapterReference && c.PortalAPI.Adapter != AdapterIGate:
		return fmt.Errorf("config: portal.adapter %q: want %q or %q", c.PortalAPI.Adapter, AdapterReference, AdapterIGate)
	case c.Encryption.Mode != "keyfile" && c.Encryption.Mode != "passphrase":
		return fmt.Errorf("config: encryption.mode must be keyfile or passphrase")
	case c.Retention.AfterReceipt <= 0 || c.Retention.UnusedProfile <= 0 || c.Retention.Every <= 0:
		return fmt.Errorf("config: retention durations must be positive")
	case c.SessionTTL <= 0:
		return fmt.Errorf("config: session_ttl must be positive")
	case c.Sync.Interval <= 0 || c.Sync.RequestTimeout <= 0 || c.Sync.BackoffMin <= 0 || c.Sync.BackoffMax < c.Sync.BackoffMin:
		return fmt.Errorf("config: sync durations must be positive, backoff_max ≥ backoff_min")
	case c.Sync.Parallel <= 0 || c.Sync.MaxBytesPerSecond < 0 || c.Sync.StatusInterval <= 0 || c.Sync.FlagAfter <= 0:
		return fmt.Errorf("config: sync parallel, status_interval and flag_after must be positive, max_bytes_per_second not negative")
	case c.Sync.ProbeInterval < time.Second:
		return fmt.Errorf("config: sync.probe_interval must be at least 1s")
	case !probeURLOK(c.Sync.ProbeURL):
		return fmt.Errorf("config: sync.probe_url must be empty or an http(s) URL")
	}
	seen := map[string]bool{}
	for _, o := range c.Satisfaction.Options {
		if o.Value == "" || o.Label == "" || seen[o.Value] || len(o.Value) > 40 {
			return fmt.Errorf("config: satisfaction.options need a value (at most 40 characters, unique) and a label each")
		}
		seen[o.Value] = true
	}
	return c.validateKit()
}

// validateKit checks the kit's identity and its metrics settings.
func (c Config) validateKit() error {
	switch c.KitKind {
	case KindCentre, KindPostOffice, KindTeam, KindEvent:
	default:
		return fmt.Errorf("config: kit_kind must be centre, post_office, team or event")
	}
	if c.KitCommuneCode != "" {
		communes, err := Communes()
		if err != nil {
			return err
		}
		known := false
		for _, cm := range communes {
			known = known || cm.Code == c.KitCommuneCode
		}
		if !known {
			return fmt.Errorf("config: kit_commune_code %q is not a Da Nang commune-level unit (danang-communes-2025.csv)", c.KitCommuneCode)
		}
	}
	m := c.Metrics
	switch {
	case m.TokenSHA256 != "" && !isSHA256Hex(m.TokenSHA256):
		return fmt.Errorf("config: metrics.token_sha256 must be 64 hex digits (the SHA-256 of the token, not the token)")
	case m.ClientCA != "" && !c.TLS:
		return fmt.Errorf("config: metrics.client_ca needs tls: true")
	case m.PushURL != "" && !probeURLOK(m.PushURL):
		return fmt.Errorf("config: metrics.push_url must be empty or an http(s) URL")
	case strings.Contains(m.PushURL, "@"):
		// Errors name the URL, and errors are logged.
		return fmt.Errorf("config: metrics.push_url must not carry credentials")
	case (m.PushUser == "") != (m.PushPasswordFile == ""):
		return fmt.Errorf("config: metrics.push_user and metrics.push_password_file go together")
	case m.PushInterval < time.Second || m.PushTimeout <= 0:
		return fmt.Errorf("config: metrics.push_interval must be at least 1s, push_timeout positive")
	}
	return nil
}

// isSHA256Hex reports whether s is a SHA-256 in hex.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// probeURLOK accepts no probe URL, or an absolute http(s) one.
func probeURLOK(raw string) bool {
	if raw == "" {
		return true
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
