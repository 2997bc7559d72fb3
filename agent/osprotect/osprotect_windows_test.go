//go:build windows

package osprotect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// On real Windows a new folder under the temp dir inherits the user's
// access; restricting it leaves only SYSTEM and Administrators, and a file
// made inside afterwards inherits that.
func TestRestrictToOwner_ProtectedDACL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if ok, detail, err := Check(dir); err != nil || ok {
		t.Fatalf("before: %v %q %v", ok, detail, err)
	}
	if err := RestrictToOwner(dir); err != nil {
		t.Fatal(err)
	}
	ok, detail, err := Check(dir)
	if err == nil && !ok && underWine() {
		// Wine accepts SetNamedSecurityInfo but keeps no ACL: it shows
		// one made from the Unix mode bits instead.
		t.Skip("Wine does not store Windows ACLs: " + detail)
	}
	if err != nil || !ok || !strings.Contains(detail, "protected") {
		t.Fatalf("after: %v %q %v", ok, detail, err)
	}
	// Restricted, the folder is no longer ours to read or delete: give it
	// back to the test's cleanup.
	t.Cleanup(func() {
		sd, _ := windows.SecurityDescriptorFromString("D:(A;OICI;FA;;;WD)")
		dacl, _, _ := sd.DACL()
		windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT,
			windows.DACL_SECURITY_INFORMATION|windows.UNPROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
	})
	// The test may run elevated (then it can still write) or not.
	file := filepath.Join(dir, "master.key")
	if err := os.WriteFile(file, []byte("k"), 0o600); err == nil {
		if ok, detail, err := Check(file); err != nil || !ok || !strings.Contains(detail, "inherited") {
			t.Fatalf("file: %v %q %v", ok, detail, err)
		}
	}
}

func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}
