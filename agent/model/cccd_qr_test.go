package model

import (
	"testing"
	"time"
)

func TestParseCCCDQR(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    CCCDCard
		wantErr bool
	}{
		{"the card's layout", "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021",
			CCCDCard{IDNumber: "048090123456", OldIDNumber: "201234567", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
				Gender: GenderMale, Address: "12 Bạch Đằng, Hải Châu, Đà Nẵng", IssueDate: "2021-04-15"}, false},
		{"no old number, a woman, extra spaces, no issue date", " 048301000001||Trần  Thị Bình|01012001|Nữ|Hội An|\n",
			CCCDCard{IDNumber: "048301000001", FullName: "Trần Thị Bình", DateOfBirth: "2001-01-01", Gender: GenderFemale, Address: "Hội An"}, false},
		{"a newer card's extra field", "048190123456||Trần Thị Bình|01021990|Nữ|Hải Châu, Đà Nẵng|01012022|x",
			CCCDCard{IDNumber: "048190123456", FullName: "Trần Thị Bình", DateOfBirth: "1990-02-01", Gender: GenderFemale,
				Address: "Hải Châu, Đà Nẵng", IssueDate: "2022-01-01"}, false},
		{"decomposed Nữ (NFD) is read as Nữ", "048190123456||Trần Thị Bình|01021990|Nu\u0303\u031b|Đà Nẵng|01012022",
			CCCDCard{IDNumber: "048190123456", FullName: "Trần Thị Bình", DateOfBirth: "1990-02-01", Gender: GenderFemale,
				Address: "Đà Nẵng", IssueDate: "2022-01-01"}, false},
		{"digits disagreeing with the birth date are read, with a problem", "048085123456||Lê Văn C|17051990|Nam|Đà Nẵng|15042021",
			CCCDCard{IDNumber: "048085123456", FullName: "Lê Văn C", DateOfBirth: "1990-05-17", Gender: GenderMale,
				Address: "Đà Nẵng", IssueDate: "2021-04-15", Problem: ValidateIDNumber("048085123456", mustDate("1990-05-17"), GenderMale)}, false},
		{"a year of birth alone (yyyy)", "048050123456||Phan Văn Lão|1950|Nam|Đà Nẵng|15042021",
			CCCDCard{IDNumber: "048050123456", FullName: "Phan Văn Lão", DateOfBirth: "1950", Gender: GenderMale,
				Address: "Đà Nẵng", IssueDate: "2021-04-15"}, false},
		{"a year of birth alone (0000yyyy)", "048150123456||Phan Thị Lành|00001950|Nữ|Đà Nẵng|15042021",
			CCCDCard{IDNumber: "048150123456", FullName: "Phan Thị Lành", DateOfBirth: "1950", Gender: GenderFemale,
				Address: "Đà Nẵng", IssueDate: "2021-04-15"}, false},
		{"only five fields", "048090123456||A B|17051990|Nam", CCCDCard{}, true},
		{"too few fields", "048090123456|x|A", CCCDCard{}, true},
		{"a URL", "https://example.org/x", CCCDCard{}, true},
		{"bad ID number", "04809012345|x|A|17051990|Nam|Đà Nẵng|15042021", CCCDCard{}, true},
		{"no name", "048090123456|x| |17051990|Nam|Đà Nẵng|15042021", CCCDCard{}, true},
		{"bad date", "048090123456|x|A|1990-05-17|Nam|Đà Nẵng|15042021", CCCDCard{}, true},
		{"an unknown gender", "048090123456||Nguyễn Văn An|17051990|X|Đà Nẵng|15042021", CCCDCard{}, true},
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

func mustDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParseCCCDQR_FlagsDigitsDisagreeingWithTheCard(t *testing.T) {
	c, err := ParseCCCDQR("048085123456||Lê Văn C|17051990|Nam|Đà Nẵng|15042021")
	if err != nil || c.Problem == "" {
		t.Fatalf("card %+v, err %v: no problem flagged", c, err)
	}
}
