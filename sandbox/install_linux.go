//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"github.com/elastic/go-seccomp-bpf/arch"
	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// landlockPresets are go-landlock's configurations indexed by ABI
// version: each handles every right its ABI knows, so nothing the kernel
// can restrict is left unhandled.
var landlockPresets = []landlock.Config{
	{}, landlock.V1, landlock.V2, landlock.V3, landlock.V4, landlock.V5, landlock.V6,
	landlock.V7, landlock.V8, landlock.V9, landlock.V10, landlock.V11,
}

// Support reports the kernel's Landlock ABI version, or an
// *UnsupportedError when seccomp filters or Landlock are missing. Landlock
// ABI 1 is enough for go-edit's promises: truncate(2) by path, which
// Landlock handles only from ABI 3, is outside every seccomp allowlist,
// and renames across directories (ABI 2's "refer") are then always denied.
func Support() (abi int, err error) {
	if !seccomp.Supported() {
		return 0, &UnsupportedError{Feature: "seccomp", Need: "Linux 3.5 with CONFIG_SECCOMP_FILTER=y", Err: errors.New("seccomp(2) unavailable")}
	}
	abi, err = ll.LandlockGetABIVersion()
	if err != nil || abi < 1 {
		if err == nil {
			err = fmt.Errorf("ABI version %d", abi)
		}
		return 0, &UnsupportedError{Feature: "Landlock", Need: "Linux 5.13 with CONFIG_SECURITY_LANDLOCK=y and landlock in the lsm= boot list", Err: err}
	}
	return abi, nil
}

// Install confines the whole process (every thread, and every process it
// starts later) to p: first Landlock, then the seccomp filter, which no
// longer allows the Landlock calls. Mode Off installs nothing. On an
// unsupported kernel it returns an *UnsupportedError and confines
// nothing; on any other error the process may be partly confined and
// must exit.
func Install(p Profile, m Mode) error {
	if m == Off {
		return nil
	}
	abi, err := Support()
	if err != nil {
		return err
	}
	cfg := landlockPresets[min(abi, len(landlockPresets)-1)]
	rules, err := landlockRules(p, cfg.HandledAccessFS)
	if err != nil {
		return err
	}
	if err := cfg.Restrict(rules...); err != nil {
		return fmt.Errorf("sandbox: %s profile: Landlock: %w", p.Name, err)
	}
	filter, err := seccompFilter(p, m)
	if err != nil {
		return err
	}
	if err := seccomp.LoadFilter(filter); err != nil {
		return fmt.Errorf("sandbox: %s profile: seccomp: %w", p.Name, err)
	}
	installed.Store(&p)
	return nil
}

// landlockRules turns p's paths into Landlock rules, with rights for a
// file or a directory as the path turns out to be, limited to what the
// kernel's ABI handles.
func landlockRules(p Profile, handled landlock.AccessFSSet) ([]landlock.Rule, error) {
	var rules []landlock.Rule
	for _, path := range p.Paths {
		st, err := os.Stat(path.Path)
		if err != nil {
			if path.Optional && errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("sandbox: %s profile: %s (%s): %w", p.Name, path.Path, path.Why, err)
		}
		rights := landlockRights(path.Access, st.IsDir()) & handled
		if rights == 0 {
			continue
		}
		rules = append(rules, landlock.PathAccess(rights, path.Path))
	}
	return rules, nil
}

// landlockRights maps an Access to Landlock rights. Create never includes
// making symlinks, devices, fifos or sockets, and never "refer" (moving
// files between directories).
func landlockRights(a Access, dir bool) landlock.AccessFSSet {
	var r landlock.AccessFSSet
	if a&Read != 0 {
		r |= ll.AccessFSReadFile
		if dir {
			r |= ll.AccessFSReadDir
		}
	}
	if a&(Write|Create) != 0 {
		r |= ll.AccessFSWriteFile | ll.AccessFSTruncate
	}
	if a&Create != 0 && dir {
		r |= ll.AccessFSMakeReg | ll.AccessFSRemoveFile
	}
	if a&MakeDir != 0 && dir {
		r |= ll.AccessFSMakeDir | ll.AccessFSRemoveDir
	}
	if a&Exec != 0 {
		r |= ll.AccessFSExecute
	}
	return r
}

// seccompFilter assembles p's allowlist. A call listed both with and
// without a condition is allowed without one (the kconfig profile's
// process clone overrides the threads-only clone). Calls the running
// architecture does not have are left out.
func seccompFilter(p Profile, m Mode) (seccomp.Filter, error) {
	info, err := arch.GetInfo("")
	if err != nil {
		return seccomp.Filter{}, fmt.Errorf("sandbox: %w", err)
	}
	deny := seccomp.ActionErrno // EPERM
	if m == Kill {
		deny = seccomp.ActionKillProcess
	}
	plain := map[string]bool{}
	for _, s := range p.Syscalls {
		if s.Cond == nil && s.Errno == 0 {
			plain[s.Name] = true
		}
	}
	pid := uint64(os.Getpid())
	var groups []seccomp.SyscallGroup
	allow := seccomp.SyscallGroup{Action: seccomp.ActionAllow}
	seen := map[string]bool{}
	for _, s := range p.Syscalls {
		if _, ok := info.SyscallNames[s.Name]; !ok {
			continue
		}
		switch {
		case s.Errno != 0:
			groups = append(groups, seccomp.SyscallGroup{
				Names:  []string{s.Name},
				Action: seccomp.ActionErrno | seccomp.Action(s.Errno),
			})
		case s.Cond == nil:
			if !seen[s.Name] {
				allow.Names = append(allow.Names, s.Name)
			}
			seen[s.Name] = true
		case !plain[s.Name]:
			v := s.Cond.Value
			if v == SelfPID {
				v = pid
			}
			allow.NamesWithCondtions = append(allow.NamesWithCondtions, seccomp.NameWithConditions{
				Name: s.Name,
				Conditions: seccomp.ArgumentConditions{{
					Argument: s.Cond.Arg, Operation: seccomp.Operation(s.Cond.Op), Value: v,
				}},
			})
		}
	}
	groups = append(groups, allow)
	return seccomp.Filter{
		NoNewPrivs: true,
		Flag:       seccomp.FilterFlagTSync,
		Policy:     seccomp.Policy{DefaultAction: deny, Syscalls: groups},
	}, nil
}
