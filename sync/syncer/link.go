package syncer

import (
	"errors"
	"net/http"

	"fieldkit/sync/portal"
)

// Link states, as the UI shows them.
const (
	LinkUnknown    = "unknown"        // nothing tried yet
	LinkOnline     = "online"         // the portal answered as the portal
	LinkNoInternet = "no_internet"    // no answer at all (no route, reset, timeout)
	LinkCaptive    = "captive_portal" // something else answered: a login page, a proxy, a redirect
	LinkPortalDown = "portal_down"    // the portal answered that it cannot serve now (5xx, 429)
)

// classify maps the outcome of a portal call to a link state.
func classify(err error) string {
	if err == nil {
		return LinkOnline
	}
	if errors.Is(err, portal.ErrUploadGone) {
		return LinkOnline
	}
	perr, ok := errors.AsType[*portal.Error](err)
	if !ok {
		return LinkNoInternet
	}
	switch {
	case perr.Code == portal.CodeRedirect || perr.Code == portal.CodeNotJSON || perr.Code == portal.CodeHTTP:
		// CodeHTTP: an error page without the portal's JSON error body is
		// a proxy's or a hotspot's, never a refusal from the portal.
		return LinkCaptive
	case perr.StatusCode >= 500 || perr.StatusCode == http.StatusTooManyRequests:
		return LinkPortalDown
	}
	return LinkOnline
}
