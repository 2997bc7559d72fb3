//go:build windows

package vault

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// dpapiEntropy is mixed into the DPAPI wrapping so that another program
// calling CryptUnprotectData on the file without it gets nothing.
const dpapiEntropy = "fieldkit master key v1"

// osSealsKeyFile: on Windows the key file is wrapped with DPAPI.
const osSealsKeyFile = true

// sealKey wraps key with DPAPI in machine scope: the service runs as
// LocalSystem while an administrator runs CLI commands (purge, export)
// from their own account, and both must open it; a copy of the file taken
// to another computer cannot be opened.
func sealKey(key []byte) ([]byte, error) {
	return dpapi(key, true)
}

// unsealKey opens what sealKey wrapped, on the computer that wrapped it.
func unsealKey(blob []byte) ([]byte, error) {
	return dpapi(blob, false)
}

func dpapi(data []byte, protect bool) ([]byte, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("vault: dpapi: nothing to wrap")
	}
	entropy := []byte(dpapiEntropy)
	in := windows.DataBlob{Size: uint32(len(data)), Data: &data[0]}
	ent := windows.DataBlob{Size: uint32(len(entropy)), Data: &entropy[0]}
	var out windows.DataBlob
	flags := uint32(windows.CRYPTPROTECT_LOCAL_MACHINE | windows.CRYPTPROTECT_UI_FORBIDDEN)
	var err error
	if protect {
		name, _ := windows.UTF16PtrFromString("Field Kit master key")
		err = windows.CryptProtectData(&in, name, &ent, 0, nil, flags, &out)
	} else {
		err = windows.CryptUnprotectData(&in, nil, &ent, 0, nil, windows.CRYPTPROTECT_UI_FORBIDDEN, &out)
	}
	if err != nil {
		if protect {
			return nil, fmt.Errorf("vault: wrap the key with DPAPI: %w", err)
		}
		return nil, fmt.Errorf("vault: open the DPAPI-wrapped key (was the key file made on another computer?): %w", err)
	}
	defer windows.LocalFree(windows.Handle(unsafe.Pointer(out.Data)))
	res := make([]byte, out.Size)
	copy(res, unsafe.Slice(out.Data, out.Size))
	if !protect {
		// The clear key also sits in DPAPI's buffer: wipe it before freeing.
		clear(unsafe.Slice(out.Data, out.Size))
	}
	return res, nil
}
