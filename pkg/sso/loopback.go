package sso

import (
	"context"
	"crypto/subtle"
	"fmt"
	"html"
	"net"
	"net/http"
	"sync"
	"time"
)

// callbackPath is where the browser is redirected with the code (the AWS
// CLI's path).
const callbackPath = "/oauth/callback"

// callback is what the browser brought back: a code, or an OAuth error.
type callback struct {
	code   string
	errMsg string
}

// loopback is the local server of a browser sign-in, on 127.0.0.1 only.
// "/" redirects to the authorization URL, so a browser is started with a
// short local URL and the authorization URL is on no process's command
// line; /oauth/callback receives the code.
type loopback struct {
	ln        net.Listener
	srv       *http.Server
	host      string // 127.0.0.1:PORT, the only Host accepted
	authorize string
	state     string
	once      sync.Once
	done      chan callback
}

func listenLoopback() (*loopback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1 for the browser's redirect: %w", err)
	}
	l := &loopback{ln: ln, host: ln.Addr().String(), done: make(chan callback, 1)}
	l.srv = &http.Server{Handler: l, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10}
	return l, nil
}

// redirectURI is the callback URL, with the port, as sent to /authorize
// and CreateToken.
func (l *loopback) redirectURI() string { return "http://" + l.host + callbackPath }

// localURL is what the browser is started with.
func (l *loopback) localURL() string { return "http://" + l.host + "/" }

func (l *loopback) serve(authorize, state string) {
	l.authorize, l.state = authorize, state
	go func() { _ = l.srv.Serve(l.ln) }()
}

// close lets the page that delivered the callback reach the browser
// (the handler has returned by the time the sign-in reads the result, but
// its response may not be flushed), then drops whatever is left.
func (l *loopback) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if l.srv.Shutdown(ctx) != nil {
		_ = l.srv.Close()
	}
}

func (l *loopback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// A page elsewhere can make the browser ask 127.0.0.1 under its own
	// host name (DNS rebinding); only the loopback address itself is served.
	if r.Host != l.host || r.Method != http.MethodGet {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	switch r.URL.Path {
	case "/":
		http.Redirect(w, r, l.authorize, http.StatusFound)
	case callbackPath:
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(l.state)) != 1 {
			page(w, http.StatusBadRequest, "This sign-in response does not belong to the sign-in assume is waiting for. Close this tab.")
			return
		}
		if e := q.Get("error"); e != "" || q.Get("code") == "" {
			msg := e
			if d := q.Get("error_description"); d != "" {
				msg += ": " + d
			}
			if msg == "" {
				msg = "no authorization code"
			}
			page(w, http.StatusOK, "Sign-in failed ("+msg+"). You can close this tab and return to the terminal.")
			l.finish(callback{errMsg: msg})
			return
		}
		page(w, http.StatusOK, "Signed in. You can close this tab and return to the terminal.")
		l.finish(callback{code: q.Get("code")})
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

func (l *loopback) finish(c callback) { l.once.Do(func() { l.done <- c }) }

func page(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>assume</title></head><body><p>%s</p></body></html>\n", html.EscapeString(text))
}

// ServeRedirect serves, on 127.0.0.1, a URL that redirects to target
// until stop is called: a browser started with it has target on no
// command line (the device flow's pre-filled URL names the code).
func ServeRedirect(target string) (localURL string, stop func(), err error) {
	l, err := listenLoopback()
	if err != nil {
		return "", nil, err
	}
	state, err := randomState()
	if err != nil {
		l.close()
		return "", nil, err
	}
	l.serve(target, state)
	return l.localURL(), l.close, nil
}
