// Command grafana-backend is a stand-in of the part of Grafana that hosts a backend data source: it
// launches a plugin binary through go-plugin as Grafana's plugin manager does, builds the plugin
// context from a data source provisioning file, and serves Grafana's HTTP API for queries, health
// and resources, forwarding to the plugin what Grafana would forward. It holds no query language
// and shapes no frame.
//
//	grafana-backend -plugin artifacts/backend/gpx_sessionreplay_errors_linux_amd64 \
//	  -provisioning provisioning/datasources/session-replay-errors.yaml -url http://127.0.0.1:9200
//
// It prints one line, "listening http://127.0.0.1:<port>", once the plugin has started, and stops
// the plugin when it exits (SIGTERM, SIGINT, or stdin closed with -exit-on-stdin-eof).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost"
)

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "grafana-backend:", err)
		os.Exit(1)
	}
}

// secureValues collects repeated -secure key=value flags.
type secureValues map[string]string

func (s secureValues) String() string { return fmt.Sprintf("%d values", len(s)) }

func (s secureValues) Set(pair string) error {
	key, value, ok := strings.Cut(pair, "=")
	if !ok || key == "" {
		return fmt.Errorf("want key=value, got %q", pair)
	}
	s[key] = value
	return nil
}

type options struct {
	plugin         string
	provisioning   string
	uid            string
	url            string
	jsonData       string
	secure         secureValues
	addr           string
	grafanaVersion string
	pluginVersion  string
	startTimeout   time.Duration
	exitOnStdinEOF bool
	logLevel       string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	opts := options{secure: secureValues{}}
	flags := flag.NewFlagSet("grafana-backend", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&opts.plugin, "plugin", "", "the plugin executable to launch (required), e.g. dist/gpx_sessionreplay_errors_linux_amd64")
	flags.StringVar(&opts.provisioning, "provisioning", "provisioning/datasources/session-replay-errors.yaml", "a data source provisioning file (apiVersion 1)")
	flags.StringVar(&opts.uid, "uid", "", "which provisioned data source to host (default: the first)")
	flags.StringVar(&opts.url, "url", "", "replaces the data source's url")
	flags.StringVar(&opts.jsonData, "json-data", "", "a JSON object whose keys replace those of the data source's jsonData")
	flags.Var(opts.secure, "secure", "key=value: a secureJsonData value (repeatable; replaces the file's)")
	flags.StringVar(&opts.addr, "addr", "127.0.0.1:0", "where to listen (port 0: any free port)")
	flags.StringVar(&opts.grafanaVersion, "grafana-version", "13.2.0", "the Grafana version the plugin is told (GF_VERSION, user agent)")
	flags.StringVar(&opts.pluginVersion, "plugin-version", "", "the plugin version in the plugin context")
	flags.DurationVar(&opts.startTimeout, "start-timeout", time.Minute, "how long the plugin may take to complete the handshake (go-plugin's default)")
	flags.BoolVar(&opts.exitOnStdinEOF, "exit-on-stdin-eof", false, "exit, stopping the plugin, when stdin closes (for a parent process that may die)")
	flags.StringVar(&opts.logLevel, "log-level", "warn", "log lines of go-plugin and of the plugin at this level and above go to stderr (trace, debug, info, warn, error, off)")
	if err := flags.Parse(args); err != nil {
		return opts, err
	}
	if opts.plugin == "" {
		return opts, errors.New("-plugin is required")
	}
	if hclog.LevelFromString(opts.logLevel) == hclog.NoLevel {
		return opts, fmt.Errorf("-log-level: %q is not trace, debug, info, warn, error or off", opts.logLevel)
	}
	if flags.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments: %v", flags.Args())
	}
	return opts, nil
}

// dataSource is the provisioned data source with the flags' replacements.
func dataSource(opts options) (pluginhost.DataSource, error) {
	sources, err := pluginhost.ReadProvisioning(opts.provisioning)
	if err != nil {
		return pluginhost.DataSource{}, err
	}
	var chosen *pluginhost.DataSource
	for i := range sources {
		if opts.uid == "" || sources[i].UID == opts.uid {
			chosen = &sources[i]
			break
		}
	}
	if chosen == nil {
		return pluginhost.DataSource{}, fmt.Errorf("%s has no data source with uid %q", opts.provisioning, opts.uid)
	}
	ds := *chosen
	if opts.url != "" {
		ds.URL = opts.url
	}
	if opts.jsonData != "" {
		var patch map[string]any
		if err := json.Unmarshal([]byte(opts.jsonData), &patch); err != nil {
			return ds, fmt.Errorf("-json-data: %w", err)
		}
		for key, value := range patch {
			ds.JSONData[key] = value
		}
	}
	for key, value := range opts.secure {
		ds.SecureJSONData[key] = value
	}
	return ds, nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	// From the start: a signal during the launch still stops the plugin once it is up.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ds, err := dataSource(opts)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return err
	}
	defer listener.Close()
	base := "http://" + listener.Addr().String()

	logger := hclog.New(&hclog.LoggerOptions{Name: "grafana-backend", Output: stderr, Level: hclog.LevelFromString(opts.logLevel)})
	plugin, err := pluginhost.Launch(pluginhost.LaunchOptions{
		Executable:   opts.plugin,
		Env:          pluginhost.GrafanaEnv(opts.grafanaVersion, base+"/"),
		StartTimeout: opts.startTimeout,
		Logger:       logger,
	})
	if err != nil {
		return err
	}
	defer plugin.Kill()

	host := pluginhost.Host{GrafanaVersion: opts.grafanaVersion, AppURL: base + "/", PluginVersion: opts.pluginVersion, User: pluginhost.AdminUser}
	server := &http.Server{Handler: newHandler(ds, host, plugin), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	fmt.Fprintln(stdout, "listening", base)

	stdinClosed := make(chan struct{})
	if opts.exitOnStdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, stdin)
			close(stdinClosed)
		}()
	}
	select {
	case <-ctx.Done():
	case <-stdinClosed:
	case err := <-served:
		return err
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
	return nil
}
