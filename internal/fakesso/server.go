package fakesso

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// Issuer mints the role sessions GetRoleCredentials returns;
// *fakests.Server is one.
type Issuer interface {
	Issue(principalARN string, temporary bool) fakests.Credentials
}

// Options describe the one Identity Center instance a Server fakes.
type Options struct {
	StartURL string // default https://fake.awsapps.com/start
	Region   string // default eu-west-1
	User     string // who signs in in the browser; default alice@example.com
	Issuer   Issuer // required for GetRoleCredentials
}

// Server is a fake IAM Identity Center. All methods are safe for
// concurrent use.
type Server struct {
	srv  *httptest.Server
	opts Options

	mu          sync.Mutex
	now         func() time.Time
	offset      time.Duration
	accessTTL   time.Duration
	sessionTTL  time.Duration
	deviceLife  time.Duration
	interval    time.Duration
	pageSize    int
	latency     time.Duration
	throttle    int // every n-th portal call is throttled; 0: none
	portalCalls int
	slowDowns   int
	denyNext    bool
	clients     map[string]*client
	codes       map[string]*authCode
	devices     map[string]*device // by device code
	userCodes   map[string]string  // user code → device code
	access      map[string]*grant  // by access token
	refresh     map[string]*grant  // by refresh token (current ones only)
	sessions    map[string]*signIn
	accounts    map[string]*account
	calls       map[string]int
	requests    []Request
}

// Request records one API request.
type Request struct {
	Time   time.Time
	Op     string // e.g. "CreateToken/refresh_token", "ListAccountRoles", "authorize"
	Status int
	Code   string // error code, "" on success
}

type client struct {
	id, secret, name string
	scopes, grants   []string
	redirects        []string
	issuer           string
	expires          time.Time
}

type authCode struct {
	client, redirect, challenge string
	expires                     time.Time
	used                        bool
}

type device struct {
	client, userCode string
	expires          time.Time
	interval         time.Duration
	lastPoll         time.Time
	approved, denied bool
	redeemed         bool
}

// signIn is one person's session: access and refresh tokens end with it.
type signIn struct {
	user    string
	expires time.Time
	revoked bool
}

type grant struct {
	session string
	client  string
	expires time.Time // access tokens only
}

type account struct {
	id, name, email string
	roles           []string
}

// New starts a fake on 127.0.0.1, closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("fakesso: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake outside a test; call Close when done.
func Start(opts Options) (*Server, error) {
	if opts.StartURL == "" {
		opts.StartURL = "https://fake.awsapps.com/start"
	}
	if opts.Region == "" {
		opts.Region = "eu-west-1"
	}
	if opts.User == "" {
		opts.User = "alice@example.com"
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{
		opts: opts, now: time.Now,
		accessTTL: time.Hour, sessionTTL: 8 * time.Hour, deviceLife: 10 * time.Minute, interval: time.Second, pageSize: 20,
		clients: map[string]*client{}, codes: map[string]*authCode{}, devices: map[string]*device{}, userCodes: map[string]string{},
		access: map[string]*grant{}, refresh: map[string]*grant{}, sessions: map[string]*signIn{},
		accounts: map[string]*account{}, calls: map[string]int{},
	}
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
	s.srv.Start()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the endpoint of both APIs in the instance's region.
func (s *Server) URL() string { return s.srv.URL }

// RegionURL is the endpoint as another region's would answer: that region
// has no Identity Center instance.
func (s *Server) RegionURL(region string) string { return s.srv.URL + "/region/" + region }

// StartURL is the instance's start URL.
func (s *Server) StartURL() string { return s.opts.StartURL }

// Region is the instance's region.
func (s *Server) Region() string { return s.opts.Region }

// AddAccount assigns the user roles (permission sets) in an account.
func (s *Server) AddAccount(id, name string, roles ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[id]
	if a == nil {
		a = &account{id: id, name: name, email: "aws+" + id + "@example.com"}
		s.accounts[id] = a
	}
	a.name = name
	a.roles = append(a.roles, roles...)
}

// RemoveRole takes a role assignment away.
func (s *Server) RemoveRole(accountID, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[accountID]; a != nil {
		out := a.roles[:0]
		for _, r := range a.roles {
			if r != role {
				out = append(out, r)
			}
		}
		a.roles = out
	}
}

// RoleARN is the IAM role behind a permission set in an account, as the
// fake STS sees the sessions GetRoleCredentials hands out.
func RoleARN(accountID, role string) string {
	return "arn:aws:iam::" + accountID + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_" + role + "_" + suffix(accountID+"/"+role)
}

// SetNow replaces the clock (default time.Now).
func (s *Server) SetNow(now func() time.Time) { s.set(func() { s.now = now }) }

// Advance moves the clock forward.
func (s *Server) Advance(d time.Duration) { s.set(func() { s.offset += d }) }

// SetAccessTokenTTL sets how long access tokens last (default 1h).
func (s *Server) SetAccessTokenTTL(d time.Duration) { s.set(func() { s.accessTTL = d }) }

// SetSessionTTL sets how long a sign-in lasts (default 8h): refresh
// tokens stop working then.
func (s *Server) SetSessionTTL(d time.Duration) { s.set(func() { s.sessionTTL = d }) }

// SetDeviceInterval sets the polling interval of device codes (default 1s).
func (s *Server) SetDeviceInterval(d time.Duration) { s.set(func() { s.interval = d }) }

// SetDeviceCodeLifetime sets how long a device code can be approved (default 10m).
func (s *Server) SetDeviceCodeLifetime(d time.Duration) { s.set(func() { s.deviceLife = d }) }

// SetPageSize caps list pages (default 20).
func (s *Server) SetPageSize(n int) { s.set(func() { s.pageSize = n }) }

// SetLatency makes every portal call take at least d.
func (s *Server) SetLatency(d time.Duration) { s.set(func() { s.latency = d }) }

// SetThrottle makes every n-th portal call fail with 429 (0: none).
func (s *Server) SetThrottle(n int) { s.set(func() { s.throttle = n }) }

// SlowDownNext answers the next n device-code polls with SlowDownException.
func (s *Server) SlowDownNext(n int) { s.set(func() { s.slowDowns += n }) }

// DenyNext makes the person refuse the next browser or device sign-in.
func (s *Server) DenyNext() { s.set(func() { s.denyNext = true }) }

// RevokeSessions ends every sign-in, as an administrator can.
func (s *Server) RevokeSessions() {
	s.set(func() {
		for _, si := range s.sessions {
			si.revoked = true
		}
	})
}

// ApproveDevice approves a device code as the user.
func (s *Server) ApproveDevice(userCode string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.approveLocked(userCode)
}

// Calls counts requests of an operation ("CreateToken/refresh_token" for
// a grant type), failed ones included.
func (s *Server) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Requests lists every request in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ValidAccessTokens counts access tokens the portal would accept now.
func (s *Server) ValidAccessTokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for tok := range s.access {
		if _, ok := s.checkAccessLocked(tok); ok {
			n++
		}
	}
	return n
}

// IsCurrentRefreshToken reports whether a refresh token would be accepted.
func (s *Server) IsCurrentRefreshToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.refresh[tok]
	return ok
}

// Now is the server clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.now().Add(s.offset).UTC() }

func (s *Server) set(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *Server) record(op string, status int, code string) {
	s.calls[op]++
	s.requests = append(s.requests, Request{Time: s.nowLocked(), Op: op, Status: status, Code: code})
}

// sortedAccounts lists accounts by id.
func (s *Server) sortedAccounts() []*account {
	out := make([]*account, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func random(prefix string, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + hex.EncodeToString(b)
}

func userCode() string {
	const letters = "BCDFGHJKLMNPQRSTVWXZ"
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var out strings.Builder
	for i, c := range b {
		if i == 4 {
			out.WriteByte('-')
		}
		out.WriteByte(letters[int(c)%len(letters)])
	}
	return out.String()
}
