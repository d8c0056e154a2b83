//go:build unix

package pluginhost

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost/pluginhosttest"
)

// A binary that never answers the handshake: Launch gives up at the timeout, says so, and leaves
// no process behind.
func TestLaunchTimesOutWithAClearMessageAndKillsTheProcess(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	script := filepath.Join(dir, "silent-plugin")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho $$ > "+pidFile+"\nexec sleep 60\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	_, err := Launch(LaunchOptions{Executable: script, StartTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "did not complete go-plugin's handshake within 1s") || !strings.Contains(err.Error(), script) {
		t.Fatalf("want a timeout naming the binary, got %v", err)
	}
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Fatalf("the timeout took %s", elapsed)
	}
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	pluginhosttest.WaitGone(t, pid)
}

func TestLaunchNamesAMissingBinary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gpx_missing")
	_, err := Launch(LaunchOptions{Executable: missing, StartTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "starting the plugin "+missing) {
		t.Fatalf("want an error naming the binary, got %v", err)
	}
}
