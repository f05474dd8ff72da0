package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/session"
)

func newCmdSessions(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "List the sessions cached in the keyring (no secrets)",
		Long: `sessions lists the temporary credentials assume has cached: profile, role (or
MFA device), time left and keyring backend. Secrets are never printed or even
decrypted: all of this is in the item names.`,
		Example: `  assume sessions
  assume sessions clear prod-admin   # forget one profile's sessions
  assume sessions clear              # forget them all`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, store, err := requireStore(cmd, f)
			if err != nil {
				return err
			}
			list, err := store.Sessions()
			if err != nil {
				return err
			}
			now := f.Host.Time()
			rows := [][]string{{"PROFILE", "ROLE", "KIND", "EXPIRES IN", "BACKEND"}}
			for _, s := range list {
				rows = append(rows, []string{s.Profile, s.Role, s.Kind, expiresIn(s.Expires, now), s.Backend})
			}
			return writeColumns(f.IO.Out, rows)
		},
	}
	cmd.AddCommand(newCmdSessionsClear(f))
	return cmd
}

func newCmdSessionsClear(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:               "clear [PROFILE]",
		Short:             "Remove cached sessions: one profile's, or all",
		Example:           "  assume sessions clear prod-admin",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, store, err := requireStore(cmd, f)
			if err != nil {
				return err
			}
			profile := ""
			if len(args) == 1 {
				profile = args[0]
			}
			n, err := store.Clear(profile)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "assume: removed %d cached session(s) from the %s keyring\n", n, store.Backend())
			return nil
		},
	}
}

// requireStore opens the cache for commands whose whole job is the cache.
func requireStore(cmd *cobra.Command, f *factory) (*session.Session, *cache.Store, error) {
	s, err := loadSettings(cmd, f)
	if err != nil {
		return nil, nil, err
	}
	sess := f.session(s)
	store := sess.Store(true)
	if store == nil {
		return nil, nil, errors.New("no usable keyring: set keyring.backend or ASSUME_KEYRING_BACKEND (see the warning above)")
	}
	return sess, store, nil
}

func expiresIn(exp, now time.Time) string {
	left := exp.Sub(now).Round(time.Minute)
	if left <= 0 {
		return "expired"
	}
	return left.String()
}
