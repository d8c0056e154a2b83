//go:build linux

// The stand-in run as a process, with the plugin built from pkg/, against a cluster of recorded
// answers (the engine runs in tests/engine/backendLaunch.test.ts). Linux: the test follows the plugin
// process through /proc.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost/pluginhosttest"
)

const (
	provisioningFile = "../../provisioning/datasources/session-replay-errors.yaml"
	fixtures         = "../../tests/fixtures/opensearch"
)

// The binaries, built once for the package's tests.
var pluginBinary, standInBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grafana-backend-test")
	if err != nil {
		panic(err)
	}
	pluginBinary = filepath.Join(dir, "gpx_sessionreplay_errors_linux_amd64")
	standInBinary = filepath.Join(dir, "grafana-backend")
	code := 1
	if pluginhosttest.GoBuild(pluginBinary, "../../pkg") == nil && pluginhosttest.GoBuild(standInBinary, ".") == nil {
		code = m.Run()
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

type runningStandIn struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	base   string
	stderr *bytes.Buffer
	exited chan error
}

func startStandIn(t *testing.T, standIn string, args ...string) *runningStandIn {
	t.Helper()
	cmd := exec.Command(standIn, args...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	s := &runningStandIn{cmd: cmd, stdin: stdin, stderr: &bytes.Buffer{}, exited: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Closed after the exit status: the cleanup below does not wait out its timeout for a status a
	// test has already read.
	go func() {
		s.exited <- cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the stand-in printed no address: %v\n%s", err, s.stderr)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("want one line 'listening http://127.0.0.1:<port>', got %q", line)
	}
	s.base = base
	return s
}

func request(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	return res.StatusCode, answer
}

// childPids lists the processes whose parent is pid.
func childPids(t *testing.T, pid int) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var children []int
	for _, entry := range entries {
		child, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + entry.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			children = append(children, child)
		}
	}
	return children
}

// assertStoppedWithItsPlugin: told to stop (how), the stand-in exits cleanly within 10 seconds, its
// plugin process is gone, and go-plugin logged nothing of its own. Its lines (named
// "grafana-backend: ", the plugin's are "grafana-backend.gpx_...: ") say something went wrong, such
// as a plugin that had to be killed because it did not exit when asked.
func (s *runningStandIn) assertStoppedWithItsPlugin(t *testing.T, pluginPid int, how string) {
	t.Helper()
	select {
	case err := <-s.exited:
		if err != nil {
			t.Fatalf("the stand-in exited with %v\n%s", err, s.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the stand-in did not exit %s", how)
	}
	pluginhosttest.WaitGone(t, pluginPid)
	if strings.Contains(s.stderr.String(), "grafana-backend: ") {
		t.Fatalf("go-plugin logged:\n%s", s.stderr)
	}
}

const dsQuery = `{"from": "1795165200000", "to": "1795168800000", "queries": [%s]}`

func TestTheStandInServesGrafanasAPIThroughThePlugin(t *testing.T) {
	plugin, standIn := pluginBinary, standInBinary
	cluster := pluginhosttest.NewRecordedCluster(t, fixtures)
	s := startStandIn(t, standIn, "-plugin", plugin, "-provisioning", provisioningFile, "-url", cluster.URL+"/",
		"-json-data", `{"authType": "apiKey", "indexPattern": "logs-rec"}`, "-secure", "apiKey=aWQ6c2VjcmV0",
		"-exit-on-stdin-eof")

	t.Run("a query of the dashboard's data source reaches the plugin, and its frames come back as Grafana's JSON", func(t *testing.T) {
		status, body := request(t, "POST", s.base+"/api/ds/query", strings.Replace(dsQuery, "%s",
			`{"refId": "A", "datasource": {"uid": "session-replay-errors", "type": "sessionreplay-errors-datasource"},
			  "queryType": "logs", "mode": "range", "intervalMs": 60000, "maxDataPoints": 500}`, 1))
		if status != http.StatusOK {
			t.Fatalf("want 200, got %d: %s", status, body)
		}
		var resp backend.QueryDataResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatal(err)
		}
		frames := resp.Responses["A"].Frames
		if len(frames) != 1 || frames[0].Rows() != 3 || frames[0].Meta.Type != data.FrameTypeLogLines || resp.Responses["A"].Status != backend.StatusOK {
			t.Fatalf("want one log-lines frame of 3 rows, got %s", body)
		}
		requests, bodies := cluster.Seen()
		last := len(requests) - 1
		if requests[last] != "POST /logs-rec/_search ApiKey aWQ6c2VjcmV0" {
			t.Fatalf("want a search of the flag's pattern with the flag's key, got %v", requests)
		}
		// The request's range, as epoch milliseconds, is the one searched.
		if !strings.Contains(bodies[last], "1795165200000") || !strings.Contains(bodies[last], "1795168800000") {
			t.Fatalf("the search does not carry the request's range: %s", bodies[last])
		}
	})

	t.Run("a query the core refuses fails in its result with a 400, and the plugin keeps answering", func(t *testing.T) {
		status, body := request(t, "POST", s.base+"/api/ds/query", strings.Replace(dsQuery, "%s",
			`{"refId": "B", "datasource": {"uid": "session-replay-errors"}, "queryType": "logs", "mode": "session", "sessionId": "1 OR *"}`, 1))
		var resp backend.QueryDataResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatal(err)
		}
		if status != http.StatusBadRequest || resp.Responses["B"].Error == nil || resp.Responses["B"].Status != backend.StatusBadRequest {
			t.Fatalf("want a 400 with the error in B's result, got %d: %s", status, body)
		}
		if status, _ := request(t, "GET", s.base+"/api/datasources/uid/session-replay-errors/health", ""); status != http.StatusOK {
			t.Fatalf("the plugin stopped answering after a refused query: %d", status)
		}
	})

	t.Run("requests Grafana refuses before the plugin", func(t *testing.T) {
		for _, c := range []struct {
			name, body string
			status     int
			message    string
		}{
			{"not JSON", `{"queries": [`, http.StatusBadRequest, "bad request data"},
			{"no queries", `{"from": "now-1h", "to": "now", "queries": []}`, http.StatusBadRequest, "No queries found"},
			{"another data source", strings.Replace(dsQuery, "%s", `{"refId": "A", "datasource": {"uid": "other"}}`, 1), http.StatusNotFound, "Data source not found"},
			{"no data source", strings.Replace(dsQuery, "%s", `{"refId": "A"}`, 1), http.StatusBadRequest, "Query does not contain a valid data source identifier"},
		} {
			status, body := request(t, "POST", s.base+"/api/ds/query", c.body)
			var answer struct{ Message string }
			_ = json.Unmarshal(body, &answer)
			if status != c.status || answer.Message != c.message {
				t.Errorf("%s: want %d %q, got %d %s", c.name, c.status, c.message, status, body)
			}
		}
	})

	t.Run("health is the plugin's CheckHealth in Grafana's JSON", func(t *testing.T) {
		status, body := request(t, "GET", s.base+"/api/datasources/uid/session-replay-errors/health", "")
		var health map[string]any
		if err := json.Unmarshal(body, &health); err != nil {
			t.Fatal(err)
		}
		want := `Connected to OpenSearch 2.19.6. 12 session-tagged lines in "logs-rec" in the last 24 hours.`
		if status != http.StatusOK || health["status"] != "OK" || health["message"] != want {
			t.Fatalf("want 200 OK %q, got %d %s", want, status, body)
		}
		if status, _ := request(t, "GET", s.base+"/api/datasources/uid/other/health", ""); status != http.StatusInternalServerError {
			t.Fatalf("want Grafana's 500 for an unknown uid, got %d", status)
		}
	})

	t.Run("the data source's settings name its secrets without showing them", func(t *testing.T) {
		status, body := request(t, "GET", s.base+"/api/datasources/uid/session-replay-errors", "")
		var ds dataSourceDTO
		if err := json.Unmarshal(body, &ds); err != nil {
			t.Fatal(err)
		}
		if status != http.StatusOK || !ds.SecureJSONFields["apiKey"] || ds.JSONData["indexPattern"] != "logs-rec" || ds.URL != cluster.URL+"/" {
			t.Fatalf("unexpected settings %d %s", status, body)
		}
		if strings.Contains(string(body), "aWQ6c2VjcmV0") {
			t.Fatalf("the secret left the server: %s", body)
		}
	})

	t.Run("closing stdin stops the stand-in and its plugin", func(t *testing.T) {
		plugins := childPids(t, s.cmd.Process.Pid)
		if len(plugins) != 1 {
			t.Fatalf("want one plugin process under the stand-in, got %v", plugins)
		}
		_ = s.stdin.Close()
		s.assertStoppedWithItsPlugin(t, plugins[0], "when stdin closed")
	})
}

func TestTheStandInStopsItsPluginOnSIGTERM(t *testing.T) {
	plugin, standIn := pluginBinary, standInBinary
	s := startStandIn(t, standIn, "-plugin", plugin, "-provisioning", provisioningFile)
	plugins := childPids(t, s.cmd.Process.Pid)
	if len(plugins) != 1 {
		t.Fatalf("want one plugin process, got %v", plugins)
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	s.assertStoppedWithItsPlugin(t, plugins[0], "on SIGTERM")
}

func TestTheStandInExitsWithTheLaunchError(t *testing.T) {
	standIn := standInBinary
	missing := filepath.Join(t.TempDir(), "gpx_missing")
	cmd := exec.Command(standIn, "-plugin", missing, "-provisioning", provisioningFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "starting the plugin "+missing) || stdout.Len() != 0 {
		t.Fatalf("want exit 1 naming the binary and nothing on stdout, got %v %q %q", err, stderr.String(), stdout.String())
	}
}
