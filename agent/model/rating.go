package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// RatingOption is one answer of the satisfaction scale: the value stored
// and sent to the portal, and the words shown to the resident.
type RatingOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// RatingScale is the satisfaction question asked after the receipt.
// Unverified says the wording is not known to match the portal's.
type RatingScale struct {
	Question   string         `json:"question"`
	Options    []RatingOption `json:"options"`
	Unverified bool           `json:"unverified"`
}

// DefaultRatingScale is the three answers the national portal's
// satisfaction survey is reported to use (Rất hài lòng / Hài lòng / Chưa
// hài lòng). Not read on the portal itself: marked unverified, and
// configurable (satisfaction in the config).
func DefaultRatingScale() RatingScale {
	return RatingScale{Question: "Ông/bà có hài lòng với việc tiếp nhận hồ sơ hôm nay?", Unverified: true,
		Options: []RatingOption{
			{Value: "very_satisfied", Label: "Rất hài lòng"},
			{Value: "satisfied", Label: "Hài lòng"},
			{Value: "not_satisfied", Label: "Chưa hài lòng"},
		}}
}

// Option returns the scale's option of value.
func (s RatingScale) Option(value string) (RatingOption, bool) {
	for _, o := range s.Options {
		if o.Value == value {
			return o, true
		}
	}
	return RatingOption{}, false
}

// Rating is a resident's answer for one dossier. The comment is free text
// and may name people: it is sealed.
type Rating struct {
	Value   string    `json:"value"`
	Label   string    `json:"label"` // the words the resident chose, as shown
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
	// Sent is when the portal acknowledged it; nil while queued.
	Sent *time.Time `json:"sent_at,omitempty"`
}

// NewRating checks an answer against the scale: a value of the scale, a
// comment of at most 1,000 characters of plain text.
func (s RatingScale) NewRating(value, comment string, at time.Time) (Rating, error) {
	var v ValidationError
	o, ok := s.Option(value)
	if !ok {
		v.Add("value", "is not one of the choices")
	}
	comment = strings.TrimSpace(NFC(comment))
	if msg := TextProblem(comment, true); msg != "" {
		v.Add("comment", msg)
	} else if utf8.RuneCountInString(comment) > 1000 {
		v.Add("comment", "is too long")
	}
	if err := v.Err(); err != nil {
		return Rating{}, err
	}
	return Rating{Value: o.Value, Label: o.Label, Comment: comment, At: at}, nil
}
