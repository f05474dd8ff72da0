// Package fakefed is an in-process fake of the AWS console federation
// endpoint (https://signin.aws.amazon.com/federation) for tests, in front
// of a fakests.Server whose sessions it accepts.
//
// It enforces what the real endpoint documents
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html):
//
//   - Action=getSigninToken (GET query or POST form) with Session, a JSON
//     object {"sessionId","sessionKey","sessionToken"} holding temporary
//     credentials that fakests issued, unchanged and unexpired; long-term
//     keys and GetSessionToken sessions (which AWS does not let sign in to
//     the console) are refused;
//   - SessionDuration, when given, 900-43200 and only for a role session
//     whose AssumeRole was signed with long-term keys: refused for chained
//     role sessions and for GetFederationToken sessions, as AWS refuses them;
//   - the answer is {"SigninToken": "..."}, a token valid 15 minutes (on the
//     fakests clock);
//   - Action=login with that SigninToken and a Destination on the console
//     host of the session's partition redirects (302) to the Destination.
//
// Anything refused gets HTTP 400 and a one-line text reason.
package fakefed

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// SigninTokenLifetime is how long a sign-in token can be used.
const SigninTokenLifetime = 15 * time.Minute

// Server is a fake federation endpoint. Its methods are safe for concurrent use.
type Server struct {
	sts *fakests.Server
	srv *httptest.Server

	mu       sync.Mutex
	tokens   map[string]*signin
	requests []Request
	logins   []Login
}

type signin struct {
	issued      time.Time
	info        fakests.SessionInfo
	consoleEnds time.Time
}

// Request records one request the endpoint answered.
type Request struct {
	Method string
	Action string
	// SessionInURL: the Session parameter (credentials) was in the URL.
	SessionInURL    bool
	SessionDuration int // 0 when absent
	Destination     string
	CallerARN       string // the session's identity, when it was recognised
	Status          int
	Refusal         string // why it was refused; "" on success
}

// Login is a successful Action=login.
type Login struct {
	Token, Destination, Issuer, CallerARN string
	// ConsoleEnds is when the console session ends: SessionDuration after
	// the token was issued, else the credentials' expiration.
	ConsoleEnds time.Time
}

// New starts a fake federation endpoint on 127.0.0.1 in front of sts,
// closed when the test ends.
func New(t testing.TB, sts *fakests.Server) *Server {
	t.Helper()
	s := &Server{sts: sts, tokens: map[string]*signin{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the whole endpoint URL, as ASSUME_FEDERATION_URL takes it.
func (s *Server) URL() string { return s.srv.URL + "/federation" }

// Requests returns every request answered, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Logins returns every successful login, in order.
func (s *Server) Logins() []Login {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Login(nil), s.logins...)
}

// Tokens returns every sign-in token issued.
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	return out
}

// refusal is a request the endpoint turns down.
type refusal struct{ reason string }

func refuse(format string, args ...any) *refusal { return &refusal{fmt.Sprintf(format, args...)} }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Action: r.URL.Query().Get("Action")}
	rec.SessionInURL = r.URL.Query().Has("Session")
	var ref *refusal
	switch {
	case r.URL.Path != "/federation":
		ref = refuse("no such path %s", r.URL.Path)
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		ref = refuse("method %s not allowed", r.Method)
	default:
		ref = s.handle(w, r, &rec)
	}
	if ref != nil {
		rec.Status, rec.Refusal = http.StatusBadRequest, ref.reason
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintln(w, ref.reason)
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, rec *Request) *refusal {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return refuse("unreadable request: %v", err)
	}
	rec.Action = r.Form.Get("Action")
	switch rec.Action {
	case "getSigninToken":
		return s.getSigninToken(w, r.Form, rec)
	case "login":
		return s.login(w, r, rec)
	}
	return refuse("unknown Action %q", rec.Action)
}

func (s *Server) getSigninToken(w http.ResponseWriter, form url.Values, rec *Request) *refusal {
	var sess struct {
		ID    string `json:"sessionId"`
		Key   string `json:"sessionKey"`
		Token string `json:"sessionToken"`
	}
	if err := json.Unmarshal([]byte(form.Get("Session")), &sess); err != nil || sess.ID == "" || sess.Key == "" {
		return refuse("Invalid credentials parameter: Session must be JSON with sessionId, sessionKey and sessionToken")
	}
	info, err := s.sts.VerifySession(sess.ID, sess.Key, sess.Token)
	rec.CallerARN = info.CallerARN
	switch {
	case errors.Is(err, fakests.ErrExpired):
		return refuse("the session's credentials have expired")
	case errors.Is(err, fakests.ErrLongTermKeys):
		return refuse("long-term access keys cannot sign in: get temporary credentials first")
	case err != nil:
		return refuse("invalid credentials: not a session STS issued")
	case info.Kind == fakests.SessionTokenSession:
		return refuse("credentials from GetSessionToken cannot sign in to the console")
	}
	now := s.sts.Now()
	consoleEnds := info.Expiration
	if form.Has("SessionDuration") {
		d, err := strconv.Atoi(form.Get("SessionDuration"))
		switch {
		case err != nil || d < 900 || d > 43200:
			return refuse("SessionDuration %q is not 900-43200 seconds", form.Get("SessionDuration"))
		case info.Kind == fakests.FederationSession:
			return refuse("SessionDuration cannot be used with credentials from GetFederationToken")
		case !info.FromLongTermKeys:
			return refuse("SessionDuration needs a role session obtained with an IAM user's long-term keys, not a chained one")
		}
		rec.SessionDuration = d
		consoleEnds = now.Add(time.Duration(d) * time.Second)
	}
	token := newToken()
	s.mu.Lock()
	s.tokens[token] = &signin{issued: now, info: info, consoleEnds: consoleEnds}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"SigninToken": token})
	rec.Status = http.StatusOK
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, rec *Request) *refusal {
	token := r.Form.Get("SigninToken")
	rec.Destination = r.Form.Get("Destination")
	s.mu.Lock()
	si, ok := s.tokens[token]
	s.mu.Unlock()
	switch {
	case !ok:
		return refuse("invalid SigninToken")
	case !s.sts.Now().Before(si.issued.Add(SigninTokenLifetime)):
		return refuse("the SigninToken has expired (tokens last 15 minutes)")
	}
	rec.CallerARN = si.info.CallerARN
	if err := checkDestination(rec.Destination, partitionOf(si.info.CallerARN)); err != nil {
		return refuse("Destination: %v", err)
	}
	s.mu.Lock()
	s.logins = append(s.logins, Login{Token: token, Destination: rec.Destination, Issuer: r.Form.Get("Issuer"), CallerARN: si.info.CallerARN, ConsoleEnds: si.consoleEnds})
	s.mu.Unlock()
	rec.Status = http.StatusFound
	http.Redirect(w, r, rec.Destination, http.StatusFound)
	return nil
}

// consoleHosts are the console domains the sign-in service redirects to.
var consoleHosts = map[string]string{
	"aws":        "console.aws.amazon.com",
	"aws-cn":     "console.amazonaws.cn",
	"aws-us-gov": "console.amazonaws-us-gov.com",
}

func checkDestination(dest, partition string) error {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return fmt.Errorf("%q is not an https URL", dest)
	}
	domain := consoleHosts[partition]
	if h := u.Hostname(); domain == "" || (h != domain && !strings.HasSuffix(h, "."+domain)) {
		return fmt.Errorf("%q is not on the %s console (%s)", dest, partition, domain)
	}
	return nil
}

func partitionOf(arn string) string {
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 {
		return parts[1]
	}
	return ""
}

// newToken is an opaque token about as long as real ones.
func newToken() string {
	b := make([]byte, 480)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
