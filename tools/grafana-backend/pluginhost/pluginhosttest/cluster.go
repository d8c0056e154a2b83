// Package pluginhosttest is test support for the launch tests of pkg/ and tools/grafana-backend: a
// cluster of recorded OpenSearch answers, the Go build of a binary, and waiting for a process to end.
package pluginhosttest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// RecordedCluster answers as OpenSearch 2.19.6 does for the index pattern logs-rec, from the
// recorded answers in tests/fixtures/opensearch, and keeps what it was asked.
type RecordedCluster struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	bodies   []string
}

// NewRecordedCluster starts the cluster; fixtures is the path of tests/fixtures/opensearch from the
// test's package. It stops when the test ends.
func NewRecordedCluster(t *testing.T, fixtures string) *RecordedCluster {
	t.Helper()
	fixture := func(name string) []byte {
		body, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	// Read before the first request, so that a missing fixture fails the test, not a handler.
	info, fieldCaps := fixture("info-2.19.6.json"), fixture("field-caps.json")
	threeHits, notFound := fixture("search-three-hits.json"), fixture("error-404-index-not-found.json")
	c := &RecordedCluster{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.requests = append(c.requests, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		c.bodies = append(c.bodies, string(body))
		c.mu.Unlock()
		switch r.URL.Path {
		case "/":
			_, _ = w.Write(info)
		case "/logs-rec/_field_caps":
			_, _ = w.Write(fieldCaps)
		case "/logs-rec/_count":
			_, _ = w.Write([]byte(`{"count":12}`))
		case "/logs-rec/_search":
			// Only a search body with a query gets hits: the core built it, not a path or a DSL passed through.
			var search map[string]any
			if json.Unmarshal(body, &search) != nil || search["query"] == nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			_, _ = w.Write(threeHits)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(notFound)
		}
	}))
	t.Cleanup(c.Close)
	return c
}

// Seen returns each request as "METHOD /path Authorization", and the request bodies, in order.
func (c *RecordedCluster) Seen() (requests, bodies []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.requests...), append([]string(nil), c.bodies...)
}

// GoBuild runs `go build -o out pkg`, its output on the test's stdout and stderr.
func GoBuild(out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
