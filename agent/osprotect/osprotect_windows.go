//go:build windows

package osprotect

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The DACLs set: P (protected) stops C:\ProgramData's "Users: Read &
// Execute" from being inherited; OICI makes the folder's entries apply to
// the files and folders inside it, existing and new.
const (
	folderSDDL = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
	fileSDDL   = "D:P(A;;FA;;;SY)(A;;FA;;;BA)"
)

// RestrictToOwner gives path a protected DACL allowing only SYSTEM and
// BUILTIN\Administrators full control. On a folder, Windows propagates
// the new inherited entries to everything inside it.
func RestrictToOwner(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	sddl := fileSDDL
	if fi.IsDir() {
		sddl = folderSDDL
	}
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		return fmt.Errorf("restrict %s: parse %s: %w", path, sddl, err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil); err != nil {
		return fmt.Errorf("restrict %s: set the access list: %w", path, err)
	}
	return nil
}

// Check tells whether only SYSTEM and Administrators are allowed into
// path, naming whoever else is. A file need not carry its own protected
// DACL: entries inherited from a restricted folder are as good.
func Check(path string) (ok bool, detail string, err error) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return false, "", fmt.Errorf("check %s: read the access list: %w", path, err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return false, "", fmt.Errorf("check %s: %w", path, err)
	}
	if dacl == nil {
		return false, "no access list: every account can open it", nil
	}
	control, _, err := sd.Control()
	if err != nil {
		return false, "", fmt.Errorf("check %s: %w", path, err)
	}
	var others []string
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return false, "", fmt.Errorf("check %s: entry %d: %w", path, i, err)
		}
		switch ace.Header.AceType {
		case windows.ACCESS_DENIED_ACE_TYPE:
			continue // a denial only narrows access
		case windows.ACCESS_ALLOWED_ACE_TYPE:
			sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
			if sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
				continue
			}
			others = append(others, accountName(sid))
		default:
			// Object and callback entries are not what the kit sets; count
			// them as someone else let in rather than guess.
			others = append(others, fmt.Sprintf("an entry of type %d", ace.Header.AceType))
		}
	}
	if len(others) > 0 {
		return false, "also open to " + strings.Join(others, ", "), nil
	}
	if control&windows.SE_DACL_PROTECTED != 0 {
		return true, "only SYSTEM and Administrators (protected access list)", nil
	}
	return true, "only SYSTEM and Administrators (inherited from its folder)", nil
}

// accountName names a SID for a person reading the doctor's report.
func accountName(sid *windows.SID) string {
	account, domain, _, err := sid.LookupAccount("")
	if err != nil || account == "" {
		return sid.String()
	}
	if domain != "" {
		return domain + `\` + account
	}
	return account
}
