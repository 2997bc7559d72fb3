// Package osprotect keeps the kit's data folder and key file out of other
// local accounts' reach. On Unix that is the permission bits (0700 for
// folders, 0600 for files); on Windows, where those bits mean nothing and
// folders under C:\ProgramData let every user read them, it is a protected
// DACL that lets only SYSTEM (the service) and the Administrators group in.
//
// Callers check first and restrict only when needed, so a start does not
// rewrite (and, on Windows, re-propagate over every document file) a
// security descriptor that is already right.
package osprotect
