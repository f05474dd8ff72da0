package profiles

import (
	"fmt"
	"runtime/debug"
)

// catchFault protects code reading a mapped config file. If another program
// truncates the file while assume runs, touching the lost pages raises
// SIGBUS; with panic-on-fault it becomes an error instead of a crash. Use as
// `defer c.catchFault(&err)()`.
func (c *Config) catchFault(errp *error) func() {
	if !c.mapped() {
		return func() {}
	}
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		r := recover()
		if r == nil {
			return
		}
		if _, isFault := r.(interface{ Addr() uintptr }); !isFault {
			panic(r)
		}
		*errp = fmt.Errorf("%s or %s changed while assume was reading it; run the command again", c.files[fileConfig].name, c.files[fileCreds].name)
	}
}

func (c *Config) mapped() bool { return c.files[fileConfig].mapped || c.files[fileCreds].mapped }

// keep returns s detached from a mapped file, for strings that outlive the
// call that produced them.
func (f *iniFile) keep(s string) string {
	if !f.mapped {
		return s
	}
	return string([]byte(s))
}
