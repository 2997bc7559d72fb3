package durable

import (
	"fmt"

	"fieldkit/agent/model"
)

// MarkFull wraps err with model.ErrDiskFull when it says the disk has no
// room (see noSpace for which errors), so that callers far away (the web
// layer's error handler) can tell the operator what to do without
// knowing about errnos. Other errors, and nil, are returned unchanged.
func MarkFull(err error) error {
	if err == nil || !noSpace(err) {
		return err
	}
	return fmt.Errorf("%w: %w", model.ErrDiskFull, err)
}
