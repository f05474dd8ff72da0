package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/creds"
)

func newCmdKeys(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Keep long-term access keys in the keyring instead of ~/.aws/credentials",
		Long: `keys stores an IAM user's long-term access key in the OS keyring. A profile
with keys there is a source like one with aws_access_key_id and
aws_secret_access_key in ~/.aws/credentials (which win when both exist), so
role profiles can name it in source_profile.`,
		Example: `  assume keys add work               # asks for the key id and secret on the terminal
  printf '%s\n%s\n' "$ID" "$SECRET" | assume keys add work
  assume keys list
  assume keys rm work`,
	}
	cmd.AddCommand(newCmdKeysAdd(f), newCmdKeysRm(f), newCmdKeysList(f))
	return cmd
}

func newCmdKeysAdd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "add PROFILE",
		Short: "Store a profile's access key id and secret access key in the keyring",
		Long: `add reads the access key id and the secret access key from the terminal (the
secret without echo) or, when standard input is not a terminal, as two lines
on standard input. Never pass secrets as arguments: they would show in ps.`,
		Example:           "  assume keys add work",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, store, err := requireStore(cmd, f)
			if err != nil {
				return err
			}
			keys, err := readKeys(f)
			if err != nil {
				return err
			}
			if err := store.PutKeys(args[0], keys); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "assume: stored the keys of %s (%s) in the %s keyring\n", args[0], keys.AccessKeyID, store.Backend())
			if cfg, err := sess.Config(); err == nil && !cfg.Has(args[0]) {
				fmt.Fprintf(f.IO.ErrOut, "assume: add [profile %s] to %s (a region, say) to use it as a source\n", args[0], cfg.Files().Config)
			}
			return nil
		},
	}
}

func newCmdKeysRm(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:               "rm PROFILE",
		Short:             "Remove a profile's keys from the keyring",
		Example:           "  assume keys rm work",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, store, err := requireStore(cmd, f)
			if err != nil {
				return err
			}
			found, err := store.RemoveKeys(args[0])
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("no keys of profile %q in the %s keyring: see `assume keys list`", args[0], store.Backend())
			}
			fmt.Fprintf(f.IO.ErrOut, "assume: removed the keys of %s from the %s keyring\n", args[0], store.Backend())
			return nil
		},
	}
}

func newCmdKeysList(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the profiles with keys in the keyring (access key ids only)",
		Example: "  assume keys list",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, store, err := requireStore(cmd, f)
			if err != nil {
				return err
			}
			ids, err := store.StoredKeys()
			if err != nil {
				return err
			}
			names := make([]string, 0, len(ids))
			for n := range ids {
				names = append(names, n)
			}
			sort.Strings(names)
			rows := [][]string{{"PROFILE", "ACCESS KEY ID", "BACKEND"}}
			for _, n := range names {
				rows = append(rows, []string{n, ids[n], store.Backend()})
			}
			return writeColumns(f.IO.Out, rows)
		},
	}
}

// readKeys takes the keys from the terminal, or two lines of stdin.
func readKeys(f *factory) (creds.Credentials, error) {
	var id, secret string
	if f.IO.IsStdinTTY() {
		fmt.Fprint(f.IO.ErrOut, "Access key ID: ")
		line, err := bufio.NewReader(f.IO.In).ReadString('\n')
		if err != nil {
			return creds.Credentials{}, fmt.Errorf("reading the access key id: %w", err)
		}
		id = line
		tty, err := f.IO.Console()
		if err != nil {
			return creds.Credentials{}, errors.New("no terminal to read the secret access key on")
		}
		defer tty.Close()
		if secret, err = tty.ReadSecret("Secret access key: "); err != nil {
			return creds.Credentials{}, fmt.Errorf("reading the secret access key: %w", err)
		}
	} else {
		r := bufio.NewReader(f.IO.In)
		var err error
		if id, err = r.ReadString('\n'); err != nil {
			return creds.Credentials{}, errors.New("expected the access key id and the secret access key on two lines of standard input")
		}
		if secret, err = r.ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return creds.Credentials{}, fmt.Errorf("reading the secret access key: %w", err)
		}
	}
	id, secret = strings.TrimSpace(id), strings.TrimSpace(secret)
	if id == "" || secret == "" {
		return creds.Credentials{}, errors.New("both the access key id and the secret access key are needed")
	}
	return creds.Credentials{AccessKeyID: id, SecretAccessKey: secret}, nil
}
