// Package igate is the portal adapter for the VNPT iGate shape of a
// one-stop portal, as public iGate clients and the DVCQG integration of
// OpenCPS call it (see README.md for the sources, and for what is
// inferred). It implements portal.Adapter and portal.WholeUploader.
package igate

import (
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// Paths, relative to the portal's API root. Sources: README.md.
const (
	// DefaultRealm is the Keycloak realm of the token endpoint (inferred).
	DefaultRealm = "digo"
	// PathCodeNext issues the next official code of a code pattern
	// (PUT, ?code=<procedure code>).
	PathCodeNext = "/bt/pattern/%s/--get-next-value"
	// PathFiles takes files as multipart (field "files"), several per
	// request in the sources; the adapter sends one per request.
	PathFiles = "/fi/file/--multiple"
	// PathFile serves one file by id.
	PathFile = "/fi/file/"
	// PathFileByHash finds a file by its hash (inferred: see README.md).
	PathFileByHash = "/fi/file/--by-hash"
	// PathApply creates or upserts a dossier by its code.
	PathApply = "/pa/dossier/--apply-online/"
	// PathSearch finds dossiers (?code=…).
	PathSearch = "/pa/dossier/search"
	// PathSupplement, PathWithdraw, PathPayment act on one dossier by code
	// (inferred paths in the iGate "--verb" style).
	PathSupplement = "/pa/dossier/--supplement"
	PathWithdraw   = "/pa/dossier/--withdraw"
	PathPayment    = "/pa/dossier/--payment"
	PathRating     = "/pa/dossier/--rating"
	// PathProcedures lists the procedures a citizen can apply for.
	PathProcedures = "/bd/procedure/--can-apply"
)

// TokenPath is the Keycloak token endpoint of realm.
func TokenPath(realm string) string {
	return "/auth/realms/" + realm + "/protocol/openid-connect/token"
}

// DiscoveryPath is the realm's OpenID discovery document: a cheap,
// unauthenticated JSON answer, which the adapter's probe asks.
func DiscoveryPath(realm string) string {
	return "/auth/realms/" + realm + "/.well-known/openid-configuration"
}

// DateLayout is how the sources write dates: yyyyMMddHHmmss, Vietnam time.
const DateLayout = "20060102150405"

// FormatDate writes t as the portal does.
func FormatDate(t time.Time) string { return t.In(model.VietnamTime).Format(DateLayout) }

// ParseDate reads a portal date; "" is the zero time.
func ParseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(DateLayout, s, model.VietnamTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("igate date %q: %w", s, err)
	}
	return t, nil
}

// NextValue is the answer of PathCodeNext (its field name is inferred).
type NextValue struct {
	Value string `json:"value"`
}

// File is one file as PathFiles answers it: its id, name, size and the
// portal's hash (HashTepTin, the DVCQG name; SHA-256 hex here, inferred).
type File struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
	Hash     string `json:"HashTepTin"`
}

// Apply is the body of PathApply.
type Apply struct {
	Code                 string      `json:"code"`
	Procedure            Ref         `json:"procedure"`
	Applicant            ApplicantIn `json:"applicant"`
	EForm                EForm       `json:"eForm"`
	DossierReceivingKind Ref         `json:"dossierReceivingKind"`
	Attachment           []Attached  `json:"attachment"`
	// TrackingCode is the kit's own code for the dossier (not in the
	// sources: the kit's addition, so both codes stay tied).
	TrackingCode string `json:"trackingCode,omitempty"`
}

// Ref names an iGate catalog entry by id and code.
type Ref struct {
	ID   string `json:"id,omitempty"`
	Code string `json:"code,omitempty"`
	Name string `json:"name,omitempty"`
}

// ApplicantIn is applicant: the eForm the portal's applicant form uses
// and its data under the portal's own keys.
type ApplicantIn struct {
	EFormID string        `json:"eformId,omitempty"`
	Data    ApplicantData `json:"data"`
}

// ApplicantData holds the form keys of the sources. The filer (fullname,
// người nộp) and the owner (ownerFullname, chủ hồ sơ) are both sent; the
// kit files for the resident in person, so they are the same person.
type ApplicantData struct {
	Fullname               string `json:"fullname"`
	OwnerFullname          string `json:"ownerFullname"`
	IdentityNumber         string `json:"identityNumber"`
	OwnerIdentityNumber    string `json:"ownerIdentityNumber"`
	Birthday               string `json:"birthday"` // yyyyMMddHHmmss, midnight
	Gender                 int    `json:"gender"`   // 1 male, 0 female (inferred)
	PhoneNumber            string `json:"phoneNumber,omitempty"`
	Village                string `json:"village"` // commune code
	Address                string `json:"address"`
	NoiDungYeuCauGiaiQuyet string `json:"noidungyeucaugiaiquyet"`
}

// EForm is the procedure's own form.
type EForm struct {
	ID   string `json:"id,omitempty"`
	Data any    `json:"data"`
}

// Attached is a file attached to a dossier or a supplement.
type Attached struct {
	ID        string `json:"id"`
	Filename  string `json:"filename"`
	Size      int64  `json:"size"`
	Hash      string `json:"HashTepTin"`
	Component string `json:"MaThanhPhanHoSo"`
}

// Applied is the answer of PathApply.
type Applied struct {
	ID            string `json:"id"`
	Code          string `json:"code"`
	DossierStatus Status `json:"dossierStatus"`
}

// Status is iGate's dossierStatus; ID is mapped to the DVCQG code 1–10
// (TrangThaiHoSo) in the reference portal's igate face (inferred).
type Status struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}

// Page is a Spring slice, as PathSearch and PathProcedures answer.
type Page[T any] struct {
	Content []T `json:"content"`
}

// Dossier is one dossier in a PathSearch answer: iGate's keys for the
// dossier, DVCQG's (DongBoHoSoMC, CapNhatTienDoHoSoMC) for its life.
type Dossier struct {
	ID              string          `json:"id"`
	Code            string          `json:"code"`
	DossierStatus   Status          `json:"dossierStatus"`
	AppliedDate     string          `json:"appliedDate,omitempty"`
	AcceptedDate    string          `json:"acceptedDate,omitempty"`
	AppointmentDate string          `json:"appointmentDate,omitempty"` // ngày hẹn trả
	Reason          string          `json:"reason,omitempty"`
	Supplements     []SupplementReq `json:"DanhSachHoSoBoSung,omitempty"`
	Fees            []Fee           `json:"DanhSachLePhi,omitempty"`
	Progress        []Progress      `json:"TienDoXuLy,omitempty"`
	Results         []Result        `json:"DanhSachGiayToKetQua,omitempty"`
	Withdrawn       bool            `json:"withdrawn,omitempty"`
}

// SupplementReq is one supplement round as DanhSachHoSoBoSung lists it.
type SupplementReq struct {
	ID         string      `json:"HoSoBoSungID"`
	Content    string      `json:"NoiDungBoSung"`
	Components []Component `json:"DanhSachGiayToBoSung,omitempty"`
	Deadline   string      `json:"HanBoSung,omitempty"` // yyyyMMddHHmmss
	Status     int         `json:"TrangThaiBoSung"`     // 0 asked, 1 answered (inferred)
	NewDue     string      `json:"NgayHenTraMoi,omitempty"`
}

// Component names a dossier component (MaThanhPhanHoSo).
type Component struct {
	Code string `json:"MaThanhPhanHoSo"`
}

// Fee is one fee of DanhSachLePhi.
type Fee struct {
	Name       string `json:"TenPhiLePhi"`
	Amount     int64  `json:"Gia"`
	PaymentRef string `json:"MaThanhToan,omitempty"`
	Paid       bool   `json:"DaThanhToan,omitempty"`
}

// Progress is one progress event (CapNhatTienDoHoSoMC's item).
type Progress struct {
	ID         string `json:"ID,omitempty"`
	At         string `json:"ThoiDiemXuLy"`
	Department string `json:"PhongBanXuLy,omitempty"`
	Role       string `json:"ChucDanh,omitempty"`
	Note       string `json:"NoiDungXuLy,omitempty"`
}

// Result is one result document of DanhSachGiayToKetQua.
type Result struct {
	FileID      string `json:"GiayToID"`
	Name        string `json:"TenGiayTo"`
	Hash        string `json:"HashTepTin"`
	Size        int64  `json:"KichThuoc"`
	ContentType string `json:"LoaiTepTin,omitempty"`
}

// SupplementIn is the body of PathSupplement.
type SupplementIn struct {
	Round      int        `json:"round"`
	Attachment []Attached `json:"attachment"`
}

// WithdrawIn is the body of PathWithdraw.
type WithdrawIn struct {
	Reason string `json:"reason"`
}

// PaymentIn is the body of PathPayment (DVCQG-style keys, inferred).
type PaymentIn struct {
	Amount  int64  `json:"SoTien"`
	Receipt string `json:"SoBienLai"`
	PaidAt  string `json:"NgayThanhToan"`
}

// RatingIn is the body of PathRating: the resident's satisfaction
// (DVCQG-style keys, inferred: the sources rate on the national portal).
type RatingIn struct {
	Level   string `json:"MucDoHaiLong"`
	Label   string `json:"TenMucDo"`
	Comment string `json:"NoiDung,omitempty"`
	RatedAt string `json:"NgayDanhGia"`
}

// ErrorBody is an error answer: error_code as DVCQG puts it in the body
// (0 is success), and a message.
type ErrorBody struct {
	ErrorCode *int   `json:"error_code"`
	Message   string `json:"message,omitempty"`
}

// Error codes the reference portal's igate face puts in error_code
// (the sources give 0 for success and -1 for a failure; the rest is ours).
const (
	ErrOK         = 0
	ErrFailed     = -1
	ErrNotFound   = 404
	ErrInvalid    = 422
	ErrRateLimit  = 429
	ErrAuth       = 401
	ErrInternal   = 500
	ErrConflict   = 409
	ErrForbidden  = 403
	ErrBadRequest = 400
)
