//go:build !windows

package vault

import "errors"

// osSealsKeyFile: outside Windows the key file is plain hex, protected by
// its 0600 mode (and by passphrase mode where that is not enough).
const osSealsKeyFile = false

func sealKey([]byte) ([]byte, error) {
	return nil, errors.New("vault: DPAPI exists only on Windows")
}

func unsealKey([]byte) ([]byte, error) {
	return nil, errors.New("vault: this key file is wrapped with Windows DPAPI: only the Windows computer that made it can open it")
}
