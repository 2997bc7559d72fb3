package portal_test

import (
	"errors"
	"fmt"
	"testing"

	"fieldkit/sync/portal"
)

func TestIsPermanent(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"a network error", errors.New("connection reset"), false},
		{"400 malformed", &portal.Error{StatusCode: 400, Code: portal.CodeMalformed}, true},
		{"404 not found", &portal.Error{StatusCode: 404, Code: portal.CodeNotFound}, true},
		{"404 without the portal's body (cut short, or a proxy's)", &portal.Error{StatusCode: 404, Code: portal.CodeHTTP}, false},
		{"403 hotspot page", &portal.Error{StatusCode: 403, Code: portal.CodeHTTP}, false},
		{"401 tus endpoint", &portal.Error{StatusCode: 401, Code: portal.CodeTus}, true},
		{"413 too large", &portal.Error{StatusCode: 413}, true},
		{"422 invalid", &portal.Error{StatusCode: 422, Code: portal.CodeInvalid}, true},
		{"422 wrapped", fmt.Errorf("upload: %w", &portal.Error{StatusCode: 422}), true},
		{"408 timeout", &portal.Error{StatusCode: 408}, false},
		{"409 documents missing", &portal.Error{StatusCode: 409}, false},
		{"425 too early", &portal.Error{StatusCode: 425}, false},
		{"429 rate limited", &portal.Error{StatusCode: 429}, false},
		{"500", &portal.Error{StatusCode: 500}, false},
		{"503", &portal.Error{StatusCode: 503}, false},
		{"302 captive portal", &portal.Error{StatusCode: 302, Code: portal.CodeRedirect}, false},
		{"200 HTML page", &portal.Error{StatusCode: 200, Code: portal.CodeNotJSON}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := portal.IsPermanent(tt.err); got != tt.want {
				t.Fatalf("IsPermanent(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
