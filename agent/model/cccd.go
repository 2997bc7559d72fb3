package model

import "time"

// provinceCodes are the three-digit birth-registration province codes that
// open a 12-digit personal ID number (the 63 pre-2025 provinces; IDs keep
// their code after the 2025 merger).
var provinceCodes = map[string]string{
	"001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
	"008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
	"014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
	"020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
	"026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
	"033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
	"037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
	"044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
	"049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
	"056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
	"064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
	"070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
	"077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
	"083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
	"089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
	"094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

// IDProvince names the province that registered the birth behind an ID
// number, or "" when the code is unknown.
func IDProvince(id string) string {
	if len(id) < 3 {
		return ""
	}
	return provinceCodes[id[:3]]
}

// ValidateIDNumber checks a 12-digit personal ID number (PPP G YY NNNNNN):
// digits only, a known province code, and — when dob is known — the
// century/sex digit G and the year digits YY agreeing with the date of
// birth and gender. There is no check digit. It returns "" when the number
// is acceptable, else a message.
func ValidateIDNumber(id string, dob time.Time, gender string) string {
	if id == "" {
		return "required"
	}
	if len(id) != 12 {
		return "must have 12 digits"
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return "must have 12 digits"
		}
	}
	if _, ok := provinceCodes[id[:3]]; !ok {
		return "starts with an unknown province code"
	}
	g := int(id[3] - '0')
	century := 1900 + 100*(g/2)
	if dob.IsZero() {
		return ""
	}
	if dob.Year()/100*100 != century {
		return "century digit does not agree with the date of birth"
	}
	if yy := int(id[4]-'0')*10 + int(id[5]-'0'); dob.Year()%100 != yy {
		return "year digits do not agree with the date of birth"
	}
	female := g%2 == 1
	if (gender == GenderFemale && !female) || (gender == GenderMale && female) {
		return "sex digit does not agree with the gender"
	}
	return ""
}
