//go:build mage

// The backend's build, as Grafana's backend plugins build theirs (create-plugin's
// templates/backend/Magefile.go): mage targets over grafana-plugin-sdk-go's build package, which
// names each binary <executable>_<os>_<arch>[.exe] from plugin.json, links it statically without
// debug information, stamps the plugin id and version into it and writes dist/go_plugin_build_manifest.
// Run it with `npm run build:backend` or `npm run build:backend:host` (they bundle the core first).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/build"
	"github.com/magefile/mage/mg"
)

// Where the binaries and the manifest go: the SDK's default output path, dist/.
const distDir = "dist"

// The manifest the SDK writes beside the binaries (build/common.go GenerateManifestFile).
const manifestName = "go_plugin_build_manifest"

func init() {
	// plugin.json is at the root here, not in src/ where the SDK looks by default.
	if err := build.SetBeforeBuildCallback(func(cfg build.Config) (build.Config, error) {
		cfg.PluginJSONPath = "."
		return cfg, nil
	}); err != nil {
		panic(err)
	}
}

// Default builds every platform the plugin ships.
var Default = BuildAll

// BuildAll builds linux/amd64, linux/arm64, darwin/amd64, darwin/arm64 and windows/amd64 into dist/,
// with the manifest. The SDK's own BuildAll also builds linux/arm, which the plugin does not ship.
func BuildAll() error {
	b := build.Build{}
	mg.Deps(b.Linux, b.LinuxARM64, b.Darwin, b.DarwinARM64, b.Windows)
	return keepShippedSources()
}

// BuildHost builds this machine's platform only (on macOS both of its architectures, as the SDK does).
func BuildHost() error {
	mg.Deps(build.Build{}.Backend)
	return keepShippedSources()
}

// keepShippedSources removes from the SDK's manifest the Go files that are not part of the source
// the plugin validator compares it with. The SDK (build/utils/manifest.go GenerateManifest) hashes
// every .go file under the working directory except ./node_modules; the validator
// (pkg/analysis/passes/gomanifest/gomanifest.go in grafana/plugin-validator) hashes the repository's
// .go files outside any node_modules and reports each manifest entry missing from them. Here
// tests/hosts/*/node_modules holds one (flatted's Go port), and gitignored folders may hold others.
func keepShippedSources() error {
	manifestPath := filepath.Join(distDir, manifestName)
	manifest, err := os.ReadFile(manifestPath) // #nosec G304 -- the SDK's own output
	if err != nil {
		return err
	}
	type entry struct{ line, file string }
	var entries []entry
	scanner := bufio.NewScanner(bytes.NewReader(manifest))
	for scanner.Scan() {
		line := scanner.Text()
		if line == "" {
			continue
		}
		_, file, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("%s: a line without a colon: %q", manifestPath, line)
		}
		entries = append(entries, entry{line, file})
	}
	if err := scanner.Err(); err != nil {
		return err
	}
	files := make([]string, 0, len(entries))
	for _, e := range entries {
		files = append(files, e.file)
	}
	ignored, err := gitIgnored(files)
	if err != nil {
		return err
	}
	var kept strings.Builder
	for _, e := range entries {
		if !inNodeModules(e.file) && !ignored[e.file] {
			kept.WriteString(e.line + "\n")
		}
	}
	// #nosec G306 -- read by the catalog, as the SDK writes it
	return os.WriteFile(manifestPath, []byte(kept.String()), 0o644)
}

// inNodeModules is the validator's isNodeModulesPath (gomanifest.go).
func inNodeModules(file string) bool {
	return file == "node_modules" || strings.HasPrefix(file, "node_modules/") || strings.Contains(file, "/node_modules/")
}

// gitIgnored answers which of files git ignores; none when this is not a git work tree.
func gitIgnored(files []string) (map[string]bool, error) {
	ignored := map[string]bool{}
	if _, err := exec.LookPath("git"); err != nil {
		return ignored, nil
	}
	cmd := exec.Command("git", "check-ignore", "--stdin")
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 1: // none ignored
		return ignored, nil
	case errors.As(err, &exit) && strings.Contains(stderr.String(), "not a git repository"):
		return ignored, nil
	case err != nil:
		return nil, fmt.Errorf("git check-ignore: %w: %s", err, stderr.String())
	}
	for file := range strings.Lines(string(out)) {
		ignored[strings.TrimSuffix(file, "\n")] = true
	}
	return ignored, nil
}
