package synth

// Word pools. Names are built as verb + object + optional qualifiers, the
// way the national catalog names its procedures. The verbs an object takes
// depend on its kind: a permit is issued, renewed and amended; a
// registration is registered or re-registered; an approval is granted; a
// contract or translation is certified.
type kind int

const (
	permit kind = iota
	registration
	approval
	certification
)

var verbs = map[kind][]string{
	permit:        {"Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Điều chỉnh nội dung", "Thu hồi", "Cấp bổ sung"},
	registration:  {"Đăng ký", "Đăng ký lại", "Đăng ký thay đổi", "Đăng ký bổ sung", "Xóa đăng ký", "Thông báo"},
	approval:      {"Xác nhận", "Công nhận", "Thẩm định", "Phê duyệt", "Cho phép", "Chấp thuận", "Giải quyết"},
	certification: {"Chứng thực", "Công chứng"},
}

type object struct {
	text string
	kind kind
}

type field struct {
	name       string
	level      string // "commune" or "province"
	agency     string
	objects    []object
	qualifiers []string // field-specific; generic ones are added
	documents  []string // field-specific dossier items
}

var fields = []field{
	{"Hộ tịch", "commune", "UBND cấp xã", []object{
		{"khai sinh có yếu tố nước ngoài", registration}, {"khai sinh lưu động", registration},
		{"kết hôn có yếu tố nước ngoài", registration}, {"kết hôn lưu động", registration},
		{"khai tử có yếu tố nước ngoài", registration}, {"khai tử lưu động", registration},
		{"giám hộ có yếu tố nước ngoài", registration}, {"chấm dứt giám hộ", registration},
		{"nhận cha, mẹ, con có yếu tố nước ngoài", registration}, {"việc nuôi con nuôi", registration},
		{"thông tin hộ tịch đã đăng ký ở nước ngoài", approval}, {"Trích lục hộ tịch", permit},
	}, []string{"tại cơ quan đại diện", "cho trẻ em bị bỏ rơi", "cho người đang cư trú ở nước ngoài", "ở khu vực biên giới"},
		[]string{"Giấy chứng sinh", "Giấy báo tử", "Trích lục hộ tịch", "Văn bản cam đoan về việc sinh"}},
	{"Cư trú", "commune", "Công an cấp xã", []object{
		{"tạm trú cho người nước ngoài", registration}, {"thường trú tại cơ sở tín ngưỡng", registration},
		{"lưu trú cho khách du lịch", registration}, {"thông tin về cư trú", approval},
		{"thẻ tạm trú cho người nước ngoài", permit}, {"tạm vắng", registration},
		{"nơi ở hợp pháp", approval}, {"cư trú trên phương tiện", registration},
	}, []string{"tại cơ sở lưu trú", "cho học sinh, sinh viên", "cho người chưa thành niên"},
		[]string{"Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "Giấy tờ chứng minh chỗ ở hợp pháp", "Văn bản đồng ý của chủ hộ"}},
	{"Đất đai", "province", "Văn phòng đăng ký đất đai", []object{
		{"Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", permit},
		{"biến động đất đai do chuyển nhượng", registration}, {"biến động đất đai do thừa kế", registration},
		{"thế chấp quyền sử dụng đất", registration}, {"chuyển mục đích sử dụng đất", approval},
		{"gia hạn sử dụng đất nông nghiệp", approval}, {"tách thửa, hợp thửa đất", approval},
		{"giao đất, cho thuê đất", approval}, {"đính chính Giấy chứng nhận đã cấp", approval},
		{"tranh chấp đất đai", approval},
	}, []string{"đối với hộ gia đình, cá nhân", "lần đầu", "tại khu công nghiệp", "đối với đất trồng lúa"},
		[]string{"Giấy chứng nhận quyền sử dụng đất đã cấp", "Hợp đồng chuyển nhượng có công chứng", "Mảnh trích đo địa chính thửa đất", "Tờ khai lệ phí trước bạ"}},
	{"Xây dựng", "province", "Sở Xây dựng", []object{
		{"giấy phép xây dựng nhà ở riêng lẻ", permit}, {"giấy phép xây dựng công trình", permit},
		{"giấy phép sửa chữa, cải tạo công trình", permit}, {"giấy phép di dời công trình", permit},
		{"chứng chỉ hành nghề hoạt động xây dựng", permit}, {"chứng chỉ năng lực hoạt động xây dựng", permit},
		{"báo cáo nghiên cứu khả thi đầu tư xây dựng", approval}, {"thiết kế xây dựng triển khai sau thiết kế cơ sở", approval},
		{"nghiệm thu hoàn thành công trình", approval}, {"quy hoạch chi tiết xây dựng", approval},
	}, []string{"cấp III, cấp IV", "có thời hạn", "theo giai đoạn", "trong đô thị", "tại nông thôn"},
		[]string{"Bản vẽ thiết kế xây dựng", "Giấy tờ chứng minh quyền sử dụng đất", "Báo cáo kết quả thẩm định thiết kế", "Cam kết bảo đảm an toàn công trình liền kề"}},
	{"Giáo dục và Đào tạo", "province", "Sở Giáo dục và Đào tạo", []object{
		{"thành lập trường mầm non", approval}, {"thành lập trường tiểu học", approval},
		{"hoạt động giáo dục nhà trẻ", approval}, {"chuyển trường cho học sinh trung học cơ sở", approval},
		{"bản sao văn bằng, chứng chỉ từ sổ gốc", permit}, {"giấy phép tổ chức hoạt động dạy thêm, học thêm", permit},
		{"tuyển sinh trung học cơ sở", approval}, {"học bổng chính sách", approval},
		{"văn bằng tốt nghiệp trung học phổ thông", permit}, {"trung tâm ngoại ngữ, tin học", approval},
	}, []string{"tư thục", "dân lập", "có vốn đầu tư nước ngoài", "cho học sinh khuyết tật"},
		[]string{"Học bạ", "Bản sao giấy khai sinh", "Đề án thành lập trường", "Danh sách đội ngũ giáo viên"}},
	{"Y tế", "province", "Sở Y tế", []object{
		{"chứng chỉ hành nghề khám bệnh, chữa bệnh", permit}, {"giấy phép hoạt động phòng khám đa khoa", permit},
		{"giấy chứng nhận đủ điều kiện kinh doanh dược", permit}, {"giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", permit},
		{"bản công bố sản phẩm thực phẩm", registration}, {"giấy phép hoạt động dịch vụ cấp cứu", permit},
		{"thẻ bảo hiểm y tế", permit}, {"mức độ khuyết tật", approval},
		{"giám định y khoa", approval}, {"quảng cáo thực phẩm", approval},
	}, []string{"đối với người nước ngoài", "cho cơ sở y tế tư nhân", "do bị mất, hỏng"},
		[]string{"Văn bằng chuyên môn", "Giấy chứng nhận đủ sức khỏe", "Danh sách nhân sự", "Bản kê khai cơ sở vật chất, thiết bị y tế"}},
	{"Giao thông vận tải", "province", "Sở Xây dựng (lĩnh vực giao thông)", []object{
		{"giấy phép lái xe", permit}, {"giấy phép kinh doanh vận tải bằng xe ô tô", permit},
		{"phù hiệu xe ô tô kinh doanh vận tải", permit}, {"giấy chứng nhận đăng ký phương tiện thủy nội địa", permit},
		{"xe máy chuyên dùng", registration}, {"giấy phép thi công công trình trên đường bộ đang khai thác", permit},
		{"giấy phép lưu hành xe quá tải trọng", permit}, {"tuyến vận tải hành khách cố định", registration},
		{"biển số xe", permit}, {"đào tạo lái xe", approval},
	}, []string{"hạng A1", "hạng B", "quốc tế", "do bị mất", "khi hết hạn"},
		[]string{"Giấy khám sức khỏe của người lái xe", "Ảnh màu 3x4", "Giấy chứng nhận đăng ký xe", "Phương án kinh doanh vận tải"}},
	{"Thuế", "province", "Cơ quan thuế", []object{
		{"thuế cho người nộp thuế là cá nhân", registration}, {"mã số thuế người phụ thuộc", registration},
		{"quyết toán thuế thu nhập cá nhân", approval}, {"hoàn thuế giá trị gia tăng", approval},
		{"miễn, giảm thuế sử dụng đất phi nông nghiệp", approval}, {"gia hạn nộp thuế", approval},
		{"hóa đơn điện tử", registration}, {"khoản nộp thừa", approval},
		{"tình hình thực hiện nghĩa vụ thuế", approval}, {"thuế khoán đối với hộ kinh doanh", approval},
	}, []string{"đối với hộ kinh doanh", "cho cá nhân cư trú", "theo phương pháp khoán"},
		[]string{"Tờ khai thuế", "Bảng kê hóa đơn", "Chứng từ khấu trừ thuế", "Văn bản đề nghị"}},
	{"Lao động", "province", "Sở Nội vụ", []object{
		{"giấy phép lao động cho người nước ngoài", permit}, {"giấy phép hoạt động cho thuê lại lao động", permit},
		{"nội quy lao động", registration}, {"thỏa ước lao động tập thể", registration},
		{"trợ cấp thất nghiệp", approval}, {"hỗ trợ học nghề", approval},
		{"tai nạn lao động", approval}, {"người lao động không thuộc diện cấp giấy phép lao động", approval},
		{"giấy phép hoạt động dịch vụ việc làm", permit}, {"chế độ thai sản", approval},
	}, []string{"làm việc tại Việt Nam", "cho doanh nghiệp nhỏ và vừa", "tại khu kinh tế"},
		[]string{"Hợp đồng lao động", "Phiếu lý lịch tư pháp", "Giấy chứng nhận sức khỏe", "Văn bản chấp thuận nhu cầu sử dụng lao động"}},
	{"Chứng thực", "commune", "UBND cấp xã", []object{
		{"hợp đồng ủy quyền", certification}, {"văn bản khai nhận di sản", certification},
		{"việc sửa lỗi sai sót trong hợp đồng đã được chứng thực", certification}, {"hợp đồng thế chấp tài sản", certification},
		{"bản dịch giấy tờ, văn bản", certification}, {"hợp đồng mua bán nhà ở", certification},
		{"hợp đồng tặng cho tài sản", certification}, {"văn bản thỏa thuận về tài sản chung của vợ chồng", certification},
	}, []string{"tại nhà", "có yếu tố nước ngoài", "bằng tiếng nước ngoài"},
		[]string{"Dự thảo hợp đồng", "Giấy tờ chứng minh quyền sở hữu", "Bản dịch có cam đoan của người dịch"}},
	{"Thành lập và hoạt động doanh nghiệp", "province", "Sở Tài chính", []object{
		{"thành lập doanh nghiệp tư nhân", registration}, {"thành lập công ty trách nhiệm hữu hạn", registration},
		{"thành lập công ty cổ phần", registration}, {"hoạt động chi nhánh, văn phòng đại diện", registration},
		{"thay đổi người đại diện theo pháp luật", registration}, {"tạm ngừng kinh doanh", registration},
		{"giải thể doanh nghiệp", registration}, {"Giấy chứng nhận đăng ký hợp tác xã", permit},
	}, []string{"có vốn đầu tư nước ngoài", "một thành viên", "hai thành viên trở lên"},
		[]string{"Giấy đề nghị đăng ký doanh nghiệp", "Điều lệ công ty", "Danh sách thành viên", "Bản sao giấy tờ pháp lý của cá nhân"}},
	{"Văn hóa, Thể thao và Du lịch", "province", "Sở Văn hóa, Thể thao và Du lịch", []object{
		{"giấy phép kinh doanh dịch vụ lữ hành nội địa", permit}, {"thẻ hướng dẫn viên du lịch", permit},
		{"giấy phép tổ chức lễ hội", permit}, {"hạng cơ sở lưu trú du lịch", approval},
		{"giấy phép kinh doanh karaoke", permit}, {"điểm du lịch", approval},
		{"gia đình văn hóa", approval}, {"câu lạc bộ thể thao cơ sở", approval},
	}, []string{"quốc tế", "tại điểm", "cho hộ kinh doanh"},
		[]string{"Phương án kinh doanh", "Bản sao văn bằng nghiệp vụ", "Sơ đồ mặt bằng"}},
	{"Tài nguyên và Môi trường", "province", "Sở Nông nghiệp và Môi trường", []object{
		{"giấy phép môi trường", permit}, {"kế hoạch bảo vệ môi trường", registration},
		{"giấy phép khai thác nước dưới đất", permit}, {"giấy phép thăm dò khoáng sản", permit},
		{"báo cáo đánh giá tác động môi trường", approval}, {"giấy phép xả thải vào nguồn nước", permit},
		{"chất thải nguy hại", registration}, {"phương án cải tạo, phục hồi môi trường", approval},
	}, []string{"quy mô nhỏ", "đối với dự án đầu tư", "cho hộ gia đình"},
		[]string{"Báo cáo đề xuất cấp giấy phép môi trường", "Bản đồ khu vực", "Kết quả phân tích mẫu nước"}},
	{"Nông nghiệp", "commune", "UBND cấp xã", []object{
		{"hỗ trợ khôi phục sản xuất nông nghiệp bị thiệt hại", approval}, {"giấy chứng nhận kinh tế trang trại", permit},
		{"cơ sở chăn nuôi", registration}, {"chuyển đổi cơ cấu cây trồng trên đất trồng lúa", registration},
		{"giấy phép khai thác thủy sản", permit}, {"tàu cá", registration},
		{"chứng nhận sản phẩm OCOP", approval}, {"kiểm dịch động vật vận chuyển ra khỏi địa bàn", approval},
	}, []string{"do thiên tai, dịch bệnh", "quy mô nhỏ", "ven biển"},
		[]string{"Đơn đề nghị hỗ trợ", "Biên bản kiểm tra hiện trạng", "Danh sách hộ bị thiệt hại"}},
	{"Người có công", "commune", "UBND cấp xã", []object{
		{"trợ cấp một lần đối với người có công", approval}, {"chế độ điều dưỡng phục hồi sức khỏe", approval},
		{"giấy chứng nhận gia đình liệt sĩ", permit}, {"chế độ trợ cấp thờ cúng liệt sĩ", approval},
		{"hỗ trợ cải thiện nhà ở cho người có công", approval}, {"di chuyển hồ sơ người có công", approval},
	}, []string{"với cách mạng", "đang hưởng trợ cấp hằng tháng", "từ trần"},
		[]string{"Bản khai cá nhân", "Giấy tờ làm căn cứ xác nhận", "Biên bản họp xét duyệt"}},
}

// Qualifiers any field may use: who asks, and why.
var genericQualifiers = []string{
	"cho cá nhân", "cho tổ chức", "đối với người nước ngoài", "trực tuyến toàn trình",
	"do bị mất, hỏng", "khi thay đổi thông tin", "trên địa bàn thành phố", "theo thủ tục rút gọn",
}

// Items most dossiers ask for.
var generic = []string{
	"Bản sao giấy tờ chứng minh nhân thân",
	"Văn bản ủy quyền có chứng thực",
	"Ảnh chân dung cỡ 4x6",
	"Biên lai nộp phí, lệ phí",
	"Văn bản xác nhận của UBND cấp xã nơi cư trú",
}

var cases = []string{
	"", "", "", "Trường hợp ủy quyền", "Trường hợp người nước ngoài",
	"Trường hợp bị mất, hỏng", "Trường hợp thay đổi thông tin",
}

var days = []int{0, 1, 2, 3, 5, 7, 10, 15, 20, 30}

var fees = []int64{0, 0, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000}
