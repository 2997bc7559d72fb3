// Package portalsim is the reference city portal: a net/http server that
// implements the contract in sync/portal (see its openapi.yaml) over its
// own SQLite file, for tests and the demo.
//
// It is strict where the real portal may be strict — idempotency keys,
// declared sizes and checksums, missing documents — so that a kit that
// syncs against it cleanly has a fair chance against the real one. It
// also exposes GET /_sim/dossiers, test support that shows what arrived.
package portalsim
