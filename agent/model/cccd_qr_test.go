package model

import "testing"

func TestParseCCCDQR(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    CCCDCard
		wantErr bool
	}{
		{"the documented format", "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021",
			CCCDCard{IDNumber: "048090123456", OldIDNumber: "201234567", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
				Gender: GenderMale, Address: "12 Bạch Đằng, Hải Châu, Đà Nẵng", IssuedOn: "2021-04-15"}, false},
		{"no old number, female, extra spaces", " 048301000001||Trần  Thị Bình|01012001|Nữ|Hội An|\n",
			CCCDCard{IDNumber: "048301000001", FullName: "Trần Thị Bình", DateOfBirth: "2001-01-01", Gender: GenderFemale, Address: "Hội An"}, false},
		{"only five fields", "048090123456||A B|17051990|Nam",
			CCCDCard{IDNumber: "048090123456", FullName: "A B", DateOfBirth: "1990-05-17", Gender: GenderMale}, false},
		{"too few fields", "048090123456|x|A", CCCDCard{}, true},
		{"bad ID number", "04809012345|x|A|17051990|Nam", CCCDCard{}, true},
		{"bad date", "048090123456|x|A|1990-05-17|Nam", CCCDCard{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCCCDQR(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
