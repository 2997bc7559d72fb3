package sqlite

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"fieldkit/agent/model"
)

// searchWords splits s into the words the index's tokenizer (unicode61
// remove_diacritics 2) would make of it after model.FoldForSearch: lower
// case, marks removed, split at anything that is not a letter or a digit.
// Both the tier expressions and the MATCH strings are built from these
// words, so the two agree on what a word is, and no FTS5 syntax (quotes,
// operators, column filters, parentheses) can survive into a query.
func searchWords(s string) []string {
	s = norm.NFD.String(model.FoldForSearch(s))
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a mark left by NFD: dropped, like remove_diacritics 2 does
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// searchKey is the form of a name or keywords kept in the index for
// ranking: the words joined and surrounded by single spaces, so that
// " w " finds a whole word and " w" the start of one.
func searchKey(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return " " + strings.Join(words, " ") + " "
}

// maxQueryWords bounds the words taken from one query; a pasted paragraph
// must not turn into hundreds of terms.
const maxQueryWords = 16

// term is one word of a query; the last word typed is a prefix.
type term struct {
	word   string
	prefix bool
}

// searchQuery is one attempt at matching the user's words: each slot is
// a word typed, with the forms it may take; need says how many slots a
// procedure must match: all of them, all but one, or one.
type searchQuery struct {
	slots  [][]term
	need   int
	phrase string // the words typed, joined by spaces, for the name tiers
}

// allOf is the query needing every word.
func allOf(words []string) searchQuery {
	q := searchQuery{need: len(words), phrase: strings.Join(words, " ")}
	for i, w := range words {
		q.slots = append(q.slots, []term{{w, i == len(words)-1}})
	}
	return q
}

// terms lists every form of every word, for counting hits.
func (q searchQuery) terms() []term {
	var out []term
	for _, s := range q.slots {
		out = append(out, s...)
	}
	return out
}

// match is the FTS5 MATCH expression. Each word is quoted — it holds only
// letters and digits, so quoting is all the escaping it needs — and a
// prefix is marked with *. "All but one" is spelled out as an OR of the
// ANDs that leave one word out.
func (q searchQuery) match() string {
	slot := func(s []term) string {
		forms := make([]string, len(s))
		for i, t := range s {
			forms[i] = `"` + t.word + `"`
			if t.prefix {
				forms[i] += "*"
			}
		}
		if len(forms) == 1 {
			return forms[0]
		}
		return "(" + strings.Join(forms, " OR ") + ")"
	}
	and := func(skip int) string {
		var parts []string
		for i, s := range q.slots {
			if i != skip {
				parts = append(parts, slot(s))
			}
		}
		// AND spelled out: FTS5 takes "a b" as a AND b, but not "(a OR b) c".
		return strings.Join(parts, " AND ")
	}
	switch q.need {
	case len(q.slots):
		return and(-1)
	case 1:
		var forms []string
		for _, s := range q.slots {
			for _, t := range s {
				forms = append(forms, slot([]term{t}))
			}
		}
		return strings.Join(forms, " OR ")
	default: // all but one
		alts := make([]string, len(q.slots))
		for i := range q.slots {
			alts[i] = "(" + and(i) + ")"
		}
		return strings.Join(alts, " OR ")
	}
}

// searchPlan lists the queries to try in turn until one finds something:
// all the words; then all the words with unfinished Telex/VNI typing
// undone ("ddang kys" → "dang ky"); then all the words but one, in either
// form, so that one mistyped word still leaves the procedures that have
// the others; then any word. Each later query is looser and slower (it
// ranks more hits), so it runs only when the stricter ones found nothing.
func searchPlan(words []string) []searchQuery {
	words = words[:min(len(words), maxQueryWords)]
	plan := []searchQuery{allOf(words)}
	folded := make([]string, len(words))
	changed := false
	for i, w := range words {
		folded[i] = untelex(w)
		changed = changed || folded[i] != w
	}
	if changed {
		plan = append(plan, allOf(folded))
	}
	if len(words) == 1 {
		return plan
	}
	loose := allOf(words)
	for i, w := range folded {
		if w != words[i] {
			loose.slots[i] = append(loose.slots[i], term{w, i == len(words)-1})
		}
	}
	if len(words) > 2 {
		loose.need = len(words) - 1
		plan = append(plan, loose)
	}
	loose.need = 1
	return append(plan, loose)
}

// searchSQL ranks the hits of the MATCH expression ?1 and keeps the best
// ?4. Best first:
//
//  1. a tier for how the name holds the words typed (?2 is " w1 w2", ?5
//     " w1 w2 ", ?3 a LIKE pattern of them in order): it is them (0); it
//     starts with them (1); it, or the keywords, contain them as a phrase
//     (2); it has them in order (3); anything else (4). The first instr
//     settles most rows, which matters: every string function here runs
//     for every hit;
//  2. more of the words in the name (hits(name_key));
//  3. fewer words in the name: the query covers more of it;
//  4. more of the words in the keywords (hits(keywords_key)), where the
//     catalog's editors put abbreviations and everyday names;
//  5. more of the words in the field;
//  6. the shorter name (in characters), then the code, so that the order
//     is stable.
//
// FTS5's bm25 is not used. It normalises by the length of the whole row,
// so it ranks a procedure with keywords below one without, and a long
// official name below shorter ones: alone, with or without column
// weights, it puts the wrong procedure first for 2 to 17 of the 34
// acceptance queries in procedures_test.go. Added after the keys above it
// changed none of them, and it costs about a microsecond per hit — too
// much for the first keystrokes, which match most of the catalog.
//
// Ranking reads only procedures_rank's small rows; procedures, whose rows
// hold whole documents, is read only for the hits kept.
const searchSQL = `SELECT p.code, p.name, p.field, p.level, p.verified, p.channels
	FROM (
		SELECT r.id, r.code, r.name_words, r.name_len,
			CASE instr(r.name_key, ?2)
				WHEN 1 THEN r.name_key <> ?5
				WHEN 0 THEN CASE
					WHEN instr(r.keywords_key, ?2) > 0 THEN 2
					WHEN r.name_key LIKE ?3 THEN 3
					ELSE 4
				END
				ELSE 2
			END AS tier,
			hits(r.name_key) AS name_hits,
			hits(r.keywords_key) AS keyword_hits,
			hits(r.field_key) AS field_hits
		FROM procedures_fts JOIN procedures_rank r ON r.id = procedures_fts.rowid
		WHERE procedures_fts MATCH ?1
		ORDER BY tier, name_hits DESC, r.name_words, keyword_hits DESC, field_hits DESC, r.name_len, r.code
		LIMIT ?4
	) AS hit JOIN procedures p ON p.id = hit.id
	ORDER BY tier, name_hits DESC, hit.name_words, keyword_hits DESC, field_hits DESC, hit.name_len, hit.code`

// sql returns the statement and its arguments for q. hits(col) in
// searchSQL becomes a sum with one test per term: a whole word (" w ")
// or, for the prefix, the start of a word (" w").
func (q searchQuery) sql(limit int) (string, []any) {
	phrase := " " + q.phrase
	args := []any{q.match(), phrase, "% " + strings.ReplaceAll(q.phrase, " ", "% ") + "%", limit, phrase + " "}
	terms := q.terms()
	pats := make([]string, len(terms))
	for i, t := range terms {
		pat := " " + t.word
		if !t.prefix {
			pat += " "
		}
		args = append(args, pat)
		pats[i] = fmt.Sprintf("?%d", len(args))
	}
	hits := func(col string) string {
		sum := make([]string, len(pats))
		for i, p := range pats {
			sum[i] = fmt.Sprintf("(instr(%s, %s) > 0)", col, p)
		}
		return "(" + strings.Join(sum, " + ") + ")"
	}
	stmt := strings.NewReplacer("hits(r.name_key)", hits("r.name_key"), "hits(r.keywords_key)", hits("r.keywords_key"),
		"hits(r.field_key)", hits("r.field_key")).Replace(searchSQL)
	return stmt, args
}

// untelex undoes keystrokes of the Telex and VNI input methods that were
// typed without the input method on, in a word already stripped of marks:
// "dd"→"d", "aa/ee/oo"→"a/e/o", "w" after a vowel (ă, ơ, ư) dropped, and
// tone keys (s f r x j z, digits) after the first vowel dropped — a
// Vietnamese syllable never has those letters after its vowel. Words
// without a vowel (GKS, CT01, LLTP) are left alone.
func untelex(w string) string {
	first := strings.IndexAny(w, "aeiouy")
	if first < 0 {
		return w
	}
	head := strings.ReplaceAll(w[:first], "dd", "d")
	head = strings.ReplaceAll(head, "d9", "d")
	var b strings.Builder
	b.WriteString(head)
	var prev byte
	for i := first; i < len(w); i++ {
		c := w[i]
		switch {
		case strings.IndexByte("sfrxjz123456789", c) >= 0:
			continue
		case c == 'w' && isVowel(prev):
			continue
		case c == prev && (c == 'a' || c == 'e' || c == 'o'):
			continue
		}
		b.WriteByte(c)
		prev = c
	}
	return b.String()
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
