package scanner

import (
	"slices"
	"testing"

	"fieldkit/agent/model"
)

// The types Sniff recognises are exactly model.AcceptedFileTypes, the
// list every message about accepted files is made from: a type added to
// one and not the other fails here.
func TestSniff_TakesExactlyTheAcceptedTypes(t *testing.T) {
	heads := [][]byte{
		[]byte("%PDF-1.7\n"), {0xFF, 0xD8, 0xFF, 0xE0}, []byte("\x89PNG\r\n\x1a\n"),
		[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), []byte("II*\x00"), []byte("MM\x00*"),
		[]byte("\x00\x00\x00\x18ftypheic"), []byte("\x00\x00\x00\x18ftypavif"), []byte("GIF89a"), []byte("BM"),
	}
	var sniffed []string
	for _, h := range heads {
		if typ := Sniff(h); typ != "" && !slices.Contains(sniffed, typ) {
			sniffed = append(sniffed, typ)
		}
	}
	var listed []string
	for _, ft := range model.AcceptedFileTypes {
		listed = append(listed, ft.MIME)
	}
	slices.Sort(sniffed)
	slices.Sort(listed)
	if !slices.Equal(sniffed, listed) {
		t.Fatalf("Sniff takes %v, the accepted list says %v", sniffed, listed)
	}
}
