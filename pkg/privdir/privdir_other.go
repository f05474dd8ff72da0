//go:build !unix

package privdir

import "io/fs"

// Windows has no owner or mode bits in fs.FileInfo, and the standard
// library reads no ACLs: a directory is checked only to be a real
// directory (checkDir refuses links and junctions). The directories
// assume writes there are under %LOCALAPPDATA% and %APPDATA%, which
// Windows creates readable by the user, SYSTEM and Administrators alone.
func checkParent(string, fs.FileInfo, string) error { return nil }

func checkOwnDir(string, fs.FileInfo) error { return nil }
