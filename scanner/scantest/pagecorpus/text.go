package pagecorpus

// lines is the Vietnamese text the pages are set in: the headings and
// sentences of an ordinary application at a ward office, every tone mark
// and vowel modifier of the language among them. Written for the corpus.
var lines = []string{
	"Kính gửi: Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng.",
	"Tôi tên là Nguyễn Thị Hồng Nhung, sinh ngày 12 tháng 3 năm 1987, quê quán xã Hòa Tiến, huyện Hòa Vang.",
	"Nơi thường trú hiện nay: số 48 đường Lê Duẩn, tổ 17, phường Thạch Thang, quận Hải Châu.",
	"Số định danh cá nhân: 048187001234, cấp ngày 05 tháng 8 năm 2021 tại Cục Cảnh sát quản lý hành chính.",
	"Tôi làm đơn này đề nghị Ủy ban nhân dân phường xem xét và cấp bản sao trích lục khai sinh cho con tôi.",
	"Họ và tên người được cấp: Trần Minh Khôi, giới tính nam, dân tộc Kinh, quốc tịch Việt Nam.",
	"Lý do đề nghị: bản chính bị hư hỏng do ngập lụt trong đợt mưa bão tháng mười vừa qua.",
	"Tôi xin cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật.",
	"Hồ sơ kèm theo gồm: tờ khai theo mẫu, bản sao giấy tờ tùy thân và giấy ủy quyền nếu có.",
	"Thời hạn giải quyết là ba ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định.",
	"Lệ phí được miễn đối với người có công với cách mạng, hộ nghèo và người khuyết tật nặng.",
	"Người tiếp nhận hồ sơ kiểm tra tính đầy đủ, hướng dẫn bổ sung ngay nếu còn thiếu giấy tờ.",
	"Trường hợp nộp qua dịch vụ bưu chính, ngày nhận hồ sơ là ngày bưu điện chuyển đến bộ phận một cửa.",
	"Kết quả được trả trực tiếp tại quầy hoặc gửi qua bưu điện đến địa chỉ người yêu cầu đã đăng ký.",
	"Chúng tôi đồng ý để cơ quan có thẩm quyền xử lý dữ liệu cá nhân nêu trên cho mục đích giải quyết hồ sơ.",
	"Mọi thắc mắc xin liên hệ số điện thoại đường dây nóng của phường trong giờ hành chính.",
	"Đà Nẵng có khí hậu nhiệt đới gió mùa, mùa mưa kéo dài từ tháng chín đến tháng mười hai.",
	"Người dân ở vùng sâu, vùng xa được hỗ trợ nộp hồ sơ trực tuyến tại điểm phục vụ của thôn.",
	"Ông bà, cha mẹ, anh chị em ruột có thể thay mặt người yêu cầu nếu có giấy ủy quyền hợp lệ.",
	"Việc chứng thực chữ ký được thực hiện ngay trong ngày nếu tiếp nhận trước mười lăm giờ.",
	"Giấy xác nhận tình trạng hôn nhân có giá trị sáu tháng kể từ ngày cấp.",
	"Đề nghị ghi rõ họ tên, chữ ký và điểm chỉ của người khai ở cuối tờ khai.",
	"Những trường hợp đặc biệt sẽ được lãnh đạo Ủy ban xem xét, quyết định trong thời gian sớm nhất.",
	"Xin trân trọng cảm ơn sự quan tâm giúp đỡ của quý cơ quan.",
}

// header is the national motto every form starts with.
var header = []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐƠN ĐỀ NGHỊ"}
