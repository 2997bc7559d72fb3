package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Who files a dossier (Filing.FiledBy).
const (
	FiledBySelf  = "self"  // the applicant, in person
	FiledByProxy = "proxy" // someone else at the counter, for the applicant
	FiledByPost  = "post"  // sent through the public postal service (QĐ 45/2016/QĐ-TTg)
)

// Who receives the result (Filing.Receiver).
const (
	ReceiverApplicant = "applicant"
	ReceiverOther     = "other"
)

// Where the result goes (Delivery.Method).
const (
	DeliveryPickup = "pickup" // collected at the one-stop shop
	DeliveryPost   = "post"   // delivered by post to an address
)

// Person is someone other than the applicant who files or receives for
// them: personal data, sealed like the applicant's.
type Person struct {
	FullName string `json:"full_name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone,omitempty"`
}

// Delivery is where the result goes. Address is the postal address when
// Method is post; nil means the applicant's own.
type Delivery struct {
	Method  string   `json:"method"`
	Address *Address `json:"address,omitempty"`
}

// Filing says who files a dossier and who receives its result, and how:
// typed parts of the dossier, not notes inside the declaration.
type Filing struct {
	FiledBy string `json:"filed_by"`
	// Proxy is the person at the counter when FiledBy is proxy.
	Proxy    *Person `json:"proxy,omitempty"`
	Receiver string  `json:"receiver"`
	// ReceiverPerson is who receives the result when Receiver is other.
	ReceiverPerson *Person  `json:"receiver_person,omitempty"`
	Delivery       Delivery `json:"delivery"`
}

// Normalize fills the defaults (the applicant files in person, receives
// the result and collects it; a postal dossier is filed by post) and puts
// people's text in NFC.
func (f *Filing) Normalize(channel string) {
	f.FiledBy = strings.TrimSpace(f.FiledBy)
	// On the postal channel the applicant's own filing is the one sent by
	// post: the page's default choice then needs no second click.
	if f.FiledBy == "" || (f.FiledBy == FiledBySelf && channel == ChannelPostal) {
		f.FiledBy = FiledBySelf
		if channel == ChannelPostal {
			f.FiledBy = FiledByPost
		}
	}
	if f.Receiver == "" {
		f.Receiver = ReceiverApplicant
	}
	if f.Delivery.Method == "" {
		f.Delivery.Method = DeliveryPickup
	}
	for _, p := range []*Person{f.Proxy, f.ReceiverPerson} {
		if p != nil {
			p.FullName = strings.Join(strings.Fields(NFC(p.FullName)), " ")
			p.IDNumber = strings.TrimSpace(p.IDNumber)
			if p.Phone != "" {
				p.Phone = NormalizePhone(p.Phone)
			}
		}
	}
	// A person is kept only where the choice asks for one.
	if f.FiledBy != FiledByProxy {
		f.Proxy = nil
	}
	if f.Receiver != ReceiverOther {
		f.ReceiverPerson = nil
	}
	if f.Delivery.Method != DeliveryPost {
		f.Delivery.Address = nil
	}
	if a := f.Delivery.Address; a != nil {
		a.Normalize()
		if a.CommuneCode == "" && a.CommuneName == "" && a.Detail == "" {
			f.Delivery.Address = nil // left empty: the applicant's
		}
	}
}

// Validate records into v what is wrong with the filing as such; what a
// procedure's rules forbid is FilingGaps' answer. Field keys start with
// "filing.".
func (f Filing) Validate(channel string, places Places, v *ValidationError) {
	switch f.FiledBy {
	case FiledBySelf:
	case FiledByProxy:
		if channel == ChannelPostal {
			v.Add("filing.filed_by", "a dossier sent through the postal channel is filed by post")
		}
	case FiledByPost:
		if channel != ChannelPostal {
			v.Add("filing.filed_by", "filing by post needs the postal channel")
		}
	default:
		v.Add("filing.filed_by", "must be self, proxy or post")
	}
	if f.FiledBy == FiledByProxy {
		f.Proxy.validate("filing.proxy.", v)
	}
	switch f.Receiver {
	case ReceiverApplicant:
	case ReceiverOther:
		f.ReceiverPerson.validate("filing.receiver_person.", v)
	default:
		v.Add("filing.receiver", "must be applicant or other")
	}
	switch f.Delivery.Method {
	case DeliveryPickup:
	case DeliveryPost:
		if a := f.Delivery.Address; a != nil {
			a.Validate("filing.delivery.address.", places, v)
		}
	default:
		v.Add("filing.delivery.method", "must be pickup or post")
	}
}

// validate checks a proxy's or receiver's identity: a name, a valid ID
// number (the officer checks it against the card), a phone if given.
func (p *Person) validate(prefix string, v *ValidationError) {
	if p == nil {
		p = &Person{}
	}
	switch n := utf8.RuneCountInString(p.FullName); {
	case n == 0:
		v.Add(prefix+"full_name", "required")
	case TextProblem(p.FullName, false) != "":
		v.Add(prefix+"full_name", TextProblem(p.FullName, false))
	case n > 100:
		v.Add(prefix+"full_name", "is too long")
	}
	if p.IDNumber == "" {
		v.Add(prefix+"id_number", "required")
	} else if msg := ValidateIDNumber(p.IDNumber, time.Time{}, ""); msg != "" {
		v.Add(prefix+"id_number", msg)
	}
	if p.Phone != "" && !phoneRE.MatchString(p.Phone) {
		v.Add(prefix+"phone", "must be a Vietnamese phone number of 10 digits")
	}
}

// LegacyFiling is the filing of a dossier from before filings were typed:
// who filed was the kit's note "_filed_by" in the declaration, a postal
// dossier was filed and answered by post, and the applicant received.
func LegacyFiling(channel string, form FormValues) Filing {
	f := Filing{FiledBy: form[FormFiledBy]}
	if f.FiledBy != FiledByProxy {
		f.FiledBy = ""
	}
	if channel == ChannelPostal {
		f.Delivery.Method = DeliveryPost
	}
	f.Normalize(channel)
	return f
}
