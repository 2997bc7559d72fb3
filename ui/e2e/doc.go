// Package e2e drives the whole kit in a real browser (Debian's chromium
// through go-rod): the counter flow at a phone and a desktop viewport,
// with screenshots of each step. It has only tests.
package e2e
