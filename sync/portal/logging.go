package portal

import (
	"log/slog"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

// retryablehttp's own logger prints whole URLs (query strings included,
// where a later upload protocol may put signed tokens) and, on errors,
// messages that embed them. So the retry client gets no logger at all and
// these hooks log what is safe instead: method, host, path, attempt and
// status. Request and response bodies — personal data — are never logged.

func requestLogHook(log *slog.Logger) retryablehttp.RequestLogHook {
	return func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		level := slog.LevelDebug
		msg := "portal request"
		if attempt > 0 {
			level = slog.LevelInfo
			msg = "portal request retried"
		}
		log.Log(req.Context(), level, msg,
			"method", req.Method, "host", req.URL.Host, "path", req.URL.Path, "attempt", attempt+1)
	}
}

func responseLogHook(log *slog.Logger) retryablehttp.ResponseLogHook {
	return func(_ retryablehttp.Logger, resp *http.Response) {
		req := resp.Request
		if req == nil {
			return
		}
		log.Log(req.Context(), slog.LevelDebug, "portal response",
			"method", req.Method, "host", req.URL.Host, "path", req.URL.Path, "status", resp.StatusCode)
	}
}
