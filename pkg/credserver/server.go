package credserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Listen opens 127.0.0.1:port, loopback only; port 0 picks a free one.
func Listen(port int) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("port %d is not in 0-65535", port)
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1:%d: %w", port, err)
	}
	return l, nil
}

// Server serves a Handler on a loopback listener until Close.
type Server struct {
	http   *http.Server
	addr   string
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// Start serves credentials on l with o (o.Host is set from l). The
// renewals it runs end with Close.
func Start(l net.Listener, o Options) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	o.Host = l.Addr().String()
	srv := &http.Server{
		Handler:           NewHandler(ctx, o),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
		// net/http's own complaints (a client speaking TLS, a bad request
		// line) carry no header values, but the child's terminal is no
		// place for them either.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s := &Server{http: srv, addr: o.Host, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- srv.Serve(l) }()
	return s
}

// URL is the value for AWS_CONTAINER_CREDENTIALS_FULL_URI.
func (s *Server) URL() string { return "http://" + s.addr + Path }

// Addr is 127.0.0.1:PORT.
func (s *Server) Addr() string { return s.addr }

// Close stops listening at once, cuts open connections and ends any
// renewal under way; the port is closed when it returns.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.cancel()
		s.err = s.http.Close()
		if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
			s.err = errors.Join(s.err, serr)
		}
	})
	return s.err
}
