package model

// DiskSpace is the room left on the disk holding the data folder, as the
// health check, doctor and the supervisor's dashboard report it.
type DiskSpace struct {
	Known   bool   // false: the OS could not tell (nothing is reported)
	Free    uint64 // bytes an unprivileged process may still write
	MinFree uint64 // the configured warning threshold; 0 turns it off
}

// Low tells whether free space is under the threshold: the time to free
// space is before writes start failing with ErrDiskFull.
func (d DiskSpace) Low() bool { return d.Known && d.MinFree > 0 && d.Free < d.MinFree }
