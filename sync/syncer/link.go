package syncer

import (
	"context"
	"errors"
	"net/http"

	"fieldkit/sync/portal"
)

// Link states, as the UI shows them.
const (
	LinkUnknown    = "unknown"        // nothing tried yet
	LinkOnline     = "online"         // the portal answered as the portal
	LinkNoInternet = "no_internet"    // no answer at all (no route, DNS, reset, timeout)
	LinkCaptive    = "captive_portal" // something else answered: a login page, a proxy, a redirect
	LinkPortalDown = "portal_down"    // the internet works but the portal cannot serve now
)

// classify maps the outcome of a portal call to a link state from that
// answer alone. diagnose refines it with a look at the internet.
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
	case perr.Code == portal.CodeRedirect || perr.Code == portal.CodeNotJSON:
		// A login page served with 200, or a redirect to one.
		return LinkCaptive
	case perr.StatusCode == http.StatusNetworkAuthenticationRequired:
		return LinkCaptive // RFC 6585: a hotspot asking to sign in
	case perr.StatusCode >= 500 || perr.StatusCode == http.StatusTooManyRequests:
		// The portal's own 5xx, or the error page of the proxy in front
		// of it (a 502 or 504 says the portal behind it is not answering).
		return LinkPortalDown
	case perr.Code == portal.CodeHTTP:
		// A 4xx page without the portal's JSON error body is a proxy's or
		// a hotspot's, never a refusal from the portal.
		return LinkCaptive
	}
	return LinkOnline
}

// portalsOwn reports whether err is an answer in the portal's own
// words (its JSON error body, or its upload endpoint's): the portal was
// reached, whatever it said.
func portalsOwn(err error) bool {
	perr, ok := errors.AsType[*portal.Error](err)
	if !ok {
		return false
	}
	switch perr.Code {
	case portal.CodeRedirect, portal.CodeNotJSON, portal.CodeHTTP:
		return false
	}
	return true
}

// diagnose is the link state after a portal call ended with err. When
// the portal gave no answer of its own, a look at the internet tells
// which of three things a helper is facing: the portal is down while the
// internet works (nothing to do but wait), a hotspot wants its sign-in
// page, or there is no internet at all.
func (s *Syncer) diagnose(ctx context.Context, err error) string {
	state := classify(err)
	if state == LinkOnline || portalsOwn(err) || s.inet == nil || ctx.Err() != nil {
		return state
	}
	switch s.inet.check(ctx, state, s.o.Now()) {
	case netOpen:
		return LinkPortalDown
	case netIntercepted:
		return LinkCaptive
	}
	// The internet does not answer either (or is not reachable from here):
	// the portal's own answer, if any, is all there is to go by.
	return state
}
