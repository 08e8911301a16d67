package pushdown

import (
	"fmt"
	"net/url"
	"strings"
)

// Engine is the database engine a source URL names.
type Engine string

// The engines a source URL may name.
const (
	Postgres   Engine = "postgres"
	ClickHouse Engine = "clickhouse"
)

// Source is a table named by a URL: postgres://user@host:5432/db?table=T
// (or postgresql://) and clickhouse://user@host:9000/db?table=T. Other query
// parameters go to the driver (sslmode, dial_timeout, ...).
type Source struct {
	Engine Engine
	Table  string // as given: a name, or schema.name / database.name
	dsn    string // the URL without table=, credentials included
	// Redacted is the URL for messages and reports: the password replaced
	// by "xxxxx" (and any password= parameter too).
	Redacted string
}

// IsURL reports whether a log argument names a database table rather than
// a file.
func IsURL(arg string) bool {
	for _, p := range []string{"postgres://", "postgresql://", "clickhouse://"} {
		if len(arg) >= len(p) && strings.EqualFold(arg[:len(p)], p) {
			return true
		}
	}
	return false
}

// ParseSource parses a source URL. Its errors never contain the password.
func ParseSource(raw string) (*Source, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid URL (expected postgres://user@host:5432/db?table=T or clickhouse://host:9000/db?table=T)", redactRaw(raw))
	}
	s := &Source{}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		s.Engine = Postgres
	case "clickhouse":
		s.Engine = ClickHouse
	default:
		return nil, fmt.Errorf("%s: unknown scheme %q (postgres:// or clickhouse://)", redact(u), u.Scheme)
	}
	q := u.Query()
	s.Table = strings.TrimSpace(q.Get("table"))
	q.Del("table")
	// Spaces as %20: pgx reads a "+" in a value as a plus sign, so that
	// options=-c%20work_mem=256MB would reach the server as "-c+work_mem".
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	s.dsn = u.String()
	s.Redacted = redact(u)
	if s.Table == "" {
		return nil, fmt.Errorf("%s: no table: add ?table=NAME to the URL", s.Redacted)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%s: no host (e.g. %s://localhost/db?table=%s)", s.Redacted, u.Scheme, s.Table)
	}
	return s, nil
}

// String is the redacted URL with its table.
func (s *Source) String() string {
	u, err := url.Parse(s.Redacted)
	if err != nil {
		return s.Redacted
	}
	q := u.Query()
	q.Set("table", s.Table)
	// Spaces as %20: pgx reads a "+" in a value as a plus sign, so that
	// options=-c%20work_mem=256MB would reach the server as "-c+work_mem".
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// redact hides the password of u and of a password= parameter.
func redact(u *url.URL) string {
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	q := c.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
		}
	}
	c.RawQuery = q.Encode()
	return c.String()
}

// redactRaw is for a URL that does not parse: everything between "://" and
// the last "@" (user and password) goes.
func redactRaw(raw string) string {
	i := strings.Index(raw, "://")
	j := strings.LastIndex(raw, "@")
	if i < 0 || j < i {
		return raw
	}
	return raw[:i+3] + "xxxxx" + raw[j:]
}
