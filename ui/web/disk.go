package web

import "fieldkit/agent/model"

// Disk tells the server how much room is left for the data folder.
type Disk struct {
	// Free reports the free bytes on the data folder's disk. The
	// composition root passes the OS's answer; tests pass a fake. Nil
	// reports nothing.
	Free func() (uint64, error)
	// MinFree is the free space below which /healthz and the dashboard
	// warn (0: never).
	MinFree uint64
}

// diskSpace asks now: a statfs is cheap, and a cached answer would hide
// a disk filling up during a busy hour.
func (s *server) diskSpace() model.DiskSpace {
	if s.Disk.Free == nil {
		return model.DiskSpace{}
	}
	free, err := s.Disk.Free()
	if err != nil {
		return model.DiskSpace{}
	}
	return model.DiskSpace{Known: true, Free: free, MinFree: s.Disk.MinFree}
}
