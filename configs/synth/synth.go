// Package synth makes a synthetic procedure catalog the size of the
// national one (about 6,400 procedures) for benchmarks and load tests.
// The procedures look real — Vietnamese names built from word pools by
// field, per-channel times and fees, checklists by case — but are not:
// every one is labelled "unverified" and says so in its notes.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"golang.org/x/text/unicode/norm"

	"fieldkit/agent/model"
)

// Note is put in every synthetic procedure's notes.
const Note = "Dữ liệu tổng hợp để thử tải — không phải thủ tục thật."

// Generate returns n synthetic procedures; the same n and seed always give
// the same catalog. Codes have the national d.dddddd shape, are unique, and
// their number part is 020000 or more, above every real code in the seed
// catalog, so that mixing the two never overwrites a real procedure.
// Names are unique as long as the pools allow (tens of thousands).
func Generate(n int, seed int64) []model.Procedure {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6669656c646b6974))
	codes := map[string]bool{}
	names := map[string]bool{}
	out := make([]model.Procedure, 0, max(n, 0))
	for range n {
		f := fields[r.IntN(len(fields))]
		var name string
		for try := 0; try < 50; try++ {
			name = procedureName(r, f)
			if !names[name] {
				break
			}
		}
		names[name] = true
		code := ""
		for code == "" || codes[code] {
			code = fmt.Sprintf("%d.%06d", 1+r.IntN(3), 20_000+r.IntN(980_000))
		}
		codes[code] = true
		out = append(out, procedure(r, f, code, name))
	}
	return out
}

// procedureName is verb + object, then up to two qualifiers.
func procedureName(r *rand.Rand, f field) string {
	o := f.objects[r.IntN(len(f.objects))]
	name := pick(r, verbs[o.kind]) + " " + o.text
	var quals []string
	switch r.IntN(4) {
	case 1:
		quals = []string{pick(r, f.qualifiers)}
	case 2:
		quals = []string{pick(r, genericQualifiers)}
	case 3:
		quals = []string{pick(r, f.qualifiers), pick(r, genericQualifiers)}
	}
	last := ""
	for _, q := range quals {
		// Not "… hộ kinh doanh đối với hộ kinh doanh", nor "đối với … đối với …".
		if strings.Contains(name, q) || firstWord(q) == last {
			continue
		}
		name += " " + q
		last = firstWord(q)
	}
	return name
}

func procedure(r *rand.Rand, f field, code, name string) model.Procedure {
	p := model.Procedure{
		Code:     code,
		Name:     name,
		Field:    f.name,
		Level:    f.level,
		Agency:   f.agency,
		Result:   "Văn bản giải quyết " + lowerFirst(name),
		Verified: "unverified",
		Notes:    Note,
	}
	p.Channels = channels(r)
	p.Components = components(r, f, name, p.Channels)
	return p
}

// channels: in person always; online and postal often.
func channels(r *rand.Rand) []model.Channel {
	d := days[r.IntN(len(days))]
	fee := fees[r.IntN(len(fees))]
	base := model.Channel{Kind: model.ChannelInPerson, ProcessingDays: ptr(d), FeeVND: ptr(fee)}
	if r.IntN(8) == 0 {
		base.ProcessingDays = nil
		base.ProcessingNote = "Chưa rõ thời hạn giải quyết."
	}
	if r.IntN(6) == 0 {
		base.FeeVND = nil
		base.FeeNote = "Mức thu do HĐND cấp tỉnh quyết định."
	}
	out := []model.Channel{base}
	if r.IntN(3) > 0 {
		on := base
		on.Kind = model.ChannelOnline
		if fee > 0 && base.FeeVND != nil && r.IntN(2) == 0 {
			on.FeeVND = ptr(fee / 2)
			on.FeeNote = "Giảm 50% khi nộp trực tuyến."
		}
		out = append(out, on)
	}
	if r.IntN(2) == 0 {
		post := base
		post.Kind = model.ChannelPostal
		post.ProcessingNote = "Tính từ khi nhận đủ hồ sơ hợp lệ qua bưu chính công ích."
		out = append(out, post)
	}
	return out
}

// components: the declaration (paper and, when online is offered, the
// e-form), the ID shown at the counter, then field and generic items
// until there are 2 to 8.
func components(r *rand.Rand, f field, name string, chans []model.Channel) []model.Component {
	online := false
	for _, c := range chans {
		online = online || c.Kind == model.ChannelOnline
	}
	want := 2 + r.IntN(7)
	var out []model.Component
	add := func(c model.Component) {
		if len(out) < want {
			c.ID = fmt.Sprintf("%s-%d", slug(c.Name), len(out)+1)
			out = append(out, c)
		}
	}
	decl := "Đơn đề nghị " + lowerFirst(name)
	if online {
		add(model.Component{Name: decl, Case: "Trường hợp nộp trực tiếp hoặc qua bưu chính", Originals: 1, Required: true,
			Form: fmt.Sprintf("Mẫu số %02d", 1+r.IntN(20)), Channels: []string{model.ChannelInPerson, model.ChannelPostal}})
		add(model.Component{Name: "Biểu mẫu điện tử tương tác: " + lowerFirst(decl), Case: "Trường hợp nộp trực tuyến",
			Originals: 1, Required: true, Form: "Biểu mẫu điện tử", Channels: []string{model.ChannelOnline}})
	} else {
		add(model.Component{Name: decl, Originals: 1, Required: true, Form: fmt.Sprintf("Mẫu số %02d", 1+r.IntN(20))})
	}
	add(model.Component{Name: "Giấy tờ tùy thân còn giá trị", Case: "Khi nộp trực tiếp", Required: true, ShownOnly: true,
		Channels: []string{model.ChannelInPerson}})
	pool := append(append([]string(nil), f.documents...), generic...)
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	for _, doc := range pool {
		c := model.Component{Name: doc, Case: pick(r, cases), Required: r.IntN(4) > 0}
		if r.IntN(2) == 0 {
			c.Originals = 1
		} else {
			c.Copies = 1 + r.IntN(2)
		}
		add(c)
	}
	return out
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func ptr[T any](v T) *T { return &v }

func lowerFirst(s string) string {
	for i, c := range s {
		return strings.ToLower(string(c)) + s[i+len(string(c)):]
	}
	return s
}

// slug turns a Vietnamese name into a kebab-case ASCII id.
func slug(s string) string {
	s = strings.NewReplacer("đ", "d", "Đ", "D").Replace(s)
	var b strings.Builder
	dash := false
	for _, c := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case c < 0x300 || c > 0x36f: // not a combining mark: a separator
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	id := strings.TrimSuffix(b.String(), "-")
	if len(id) > 40 {
		id = strings.TrimRight(id[:40], "-")
	}
	return id
}
