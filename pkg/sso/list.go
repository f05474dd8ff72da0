package sso

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	portalapi "github.com/aws/aws-sdk-go-v2/service/sso"
)

// Account is an AWS account the signed-in person may use, with the roles
// (permission sets) they may use in it.
type Account struct {
	ID    string
	Name  string
	Email string
	Roles []string // sorted
}

// ListOptions shape a listing.
type ListOptions struct {
	// Concurrency bounds parallel ListAccountRoles calls; 0: DefaultConcurrency.
	Concurrency int
	// Progress, when set, hears how many accounts have their roles listed.
	// It is called from one goroutine at a time.
	Progress func(done, total int)
}

// DefaultConcurrency keeps a sync well under the portal's per-user rate
// while 2,000 accounts still list in seconds.
const DefaultConcurrency = 8

// pageSize is asked of every paginated call (the API's maximum is 100).
const pageSize = 100

// Assignments lists every account and role the sign-in may use:
// ListAccounts page by page, then ListAccountRoles for each account in
// parallel. It returns all of them or an error, never part of them.
// Accounts are sorted by id.
func (s *Service) Assignments(ctx context.Context, opts ListOptions) ([]Account, error) {
	tok, err := s.Token(ctx)
	if err != nil {
		return nil, err
	}
	box := &tokenBox{s: s, tok: tok}
	accounts, err := s.listAccounts(ctx, box)
	if err != nil {
		return nil, err
	}
	workers := opts.Concurrency
	if workers <= 0 {
		workers = DefaultConcurrency
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		next     = make(chan int)
		wg       sync.WaitGroup
	)
	for range min(workers, max(len(accounts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				roles, err := s.listRoles(ctx, box, accounts[i].ID)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				accounts[i].Roles = roles
				done++
				if opts.Progress != nil && firstErr == nil {
					opts.Progress(done, len(accounts))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range accounts {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: listing accounts: %w", s.cfg.Session, err)
	}
	return accounts, nil
}

func (s *Service) listAccounts(ctx context.Context, box *tokenBox) ([]Account, error) {
	var out []Account
	var next *string
	for {
		var page *portalapi.ListAccountsOutput
		err := box.do(ctx, "ListAccounts", func(ctx context.Context, tok Token) error {
			var err error
			page, err = s.portal.ListAccounts(ctx, &portalapi.ListAccountsInput{
				AccessToken: aws.String(tok.AccessToken), MaxResults: aws.Int32(pageSize), NextToken: next,
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, a := range page.AccountList {
			out = append(out, Account{ID: aws.ToString(a.AccountId), Name: aws.ToString(a.AccountName), Email: aws.ToString(a.EmailAddress)})
		}
		if next = page.NextToken; aws.ToString(next) == "" {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *Service) listRoles(ctx context.Context, box *tokenBox, accountID string) ([]string, error) {
	var roles []string
	var next *string
	for {
		var page *portalapi.ListAccountRolesOutput
		err := box.do(ctx, "ListAccountRoles "+accountID, func(ctx context.Context, tok Token) error {
			var err error
			page, err = s.portal.ListAccountRoles(ctx, &portalapi.ListAccountRolesInput{
				AccessToken: aws.String(tok.AccessToken), AccountId: aws.String(accountID), MaxResults: aws.Int32(pageSize), NextToken: next,
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range page.RoleList {
			roles = append(roles, aws.ToString(r.RoleName))
		}
		if next = page.NextToken; aws.ToString(next) == "" {
			break
		}
	}
	sort.Strings(roles)
	return roles, nil
}

// tokenBox shares one access token between a listing's workers and
// renews it once when the portal refuses it.
type tokenBox struct {
	s   *Service
	mu  sync.Mutex
	tok Token
}

func (b *tokenBox) get() Token {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tok
}

func (b *tokenBox) do(ctx context.Context, op string, call func(context.Context, Token) error) error {
	tok := b.get()
	err := b.s.portalCall(ctx, op, func(ctx context.Context) error { return call(ctx, tok) })
	if apiCode(err) == "UnauthorizedException" {
		b.mu.Lock()
		if b.tok.AccessToken == tok.AccessToken {
			renewed, rerr := b.s.ForceRenew(ctx, tok)
			if rerr != nil {
				b.mu.Unlock()
				return rerr
			}
			b.tok = renewed
		}
		tok = b.tok
		b.mu.Unlock()
		err = b.s.portalCall(ctx, op, func(ctx context.Context) error { return call(ctx, tok) })
		if apiCode(err) == "UnauthorizedException" {
			return &LoginRequiredError{Session: b.s.cfg.Session, Reason: "the portal refused the sign-in (" + describe(err) + ")"}
		}
	}
	if err != nil {
		return b.s.portalError(op, err)
	}
	return nil
}
