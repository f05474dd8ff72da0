package fakests

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Server is a fake STS endpoint. All methods are safe for concurrent use.
type Server struct {
	srv  *httptest.Server
	done chan struct{}
	once sync.Once

	mu        sync.Mutex
	now       func() time.Time
	offset    time.Duration
	delay     time.Duration
	failures  []injectedFailure
	tokenMin  int
	tokenMax  int
	lifetime  float64               // scale applied to every session's lifetime; 0 means 1
	users     map[string]*user      // by access key id
	userARNs  map[string]*user      // by ARN
	sessions  map[string]*session   // by access key id
	roles     map[string]*role      // by ARN
	mfa       map[string]*mfaDevice // by serial
	webTokens map[string][]string   // token → role ARNs it may assume
	calls     map[string]int        // by action
	roleCalls map[string]int        // by role ARN
	requests  []Request
}

type injectedFailure struct {
	status        int
	code, message string
}

// Request records one request received by the server.
type Request struct {
	Time            time.Time // server clock when received
	Action          string
	AccessKeyID     string // as claimed in the Authorization header
	Caller          string // caller ARN as GetCallerIdentity reports it ("" if not authenticated)
	Principal       string // principal matched against trust: user ARN or role ARN
	RoleARN         string
	RoleSessionName string
	DurationSeconds int // 0 when absent
	ExternalID      string
	SerialNumber    string
	TokenCode       string
	SourceIdentity  string
	Status          int    // HTTP status returned
	ErrorCode       string // "" on success
}

// New starts a fake STS server on 127.0.0.1 that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatalf("fakests: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake STS server on 127.0.0.1 outside a test; call Close when done.
func Start() (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := newServer()
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
	s.srv.Start()
	return s, nil
}

func newServer() *Server {
	return &Server{
		done:      make(chan struct{}),
		now:       time.Now,
		tokenMin:  400,
		tokenMax:  1000,
		users:     map[string]*user{},
		userARNs:  map[string]*user{},
		sessions:  map[string]*session{},
		roles:     map[string]*role{},
		mfa:       map[string]*mfaDevice{},
		webTokens: map[string][]string{},
		calls:     map[string]int{},
		roleCalls: map[string]int{},
	}
}

// Close stops the server, cutting short any delayed request.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.done)
		s.srv.Close()
	})
}

// URL is the endpoint URL (http://127.0.0.1:PORT).
func (s *Server) URL() string { return s.srv.URL }

// SetNow replaces the server clock (default time.Now). It governs
// credential expiration and the Expiration returned.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Advance moves the server clock forward by d.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// Now is the server clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.now().Add(s.offset).UTC() }

// SetDelay makes every following request wait d before it is handled
// (a hang, for timeout tests). The wait ends early if the client goes away.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// SetLifetimeScale makes every session issued from now on last d*scale
// instead of d (the duration asked, or the default), so tests see sessions
// expire many times in seconds: with 1.0/600 an hour lasts 6 s and 12 h
// 72 s. The rules are applied to the durations asked, as STS applies them
// (a chained call still may not ask for more than 3600 s).
func (s *Server) SetLifetimeScale(scale float64) {
	if scale <= 0 || scale > 1 {
		panic(fmt.Sprintf("fakests: lifetime scale %v is not in (0, 1]", scale))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lifetime = scale
}

// SetTokenLength sets the range of session token lengths (default 400-1000).
func (s *Server) SetTokenLength(min, max int) {
	if min < 16 || max < min {
		panic(fmt.Sprintf("fakests: bad token length range %d-%d", min, max))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenMin, s.tokenMax = min, max
}

// FailNext makes the next n requests (any action) fail with the given
// HTTP status, error code and message, before any other check.
func (s *Server) FailNext(n, status int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.failures = append(s.failures, injectedFailure{status, code, message})
	}
}

// Calls is the number of requests received for action (including failed ones).
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// RoleCalls is the number of AssumeRole and AssumeRoleWithWebIdentity
// requests received naming roleARN (including failed ones).
func (s *Server) RoleCalls(roleARN string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.roleCalls[roleARN]
}

// Requests returns a copy of every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}
