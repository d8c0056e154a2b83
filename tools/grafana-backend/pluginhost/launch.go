// Package pluginhost launches a backend plugin binary and calls it the way Grafana's plugin manager
// does, for the stand-in of Grafana's backend (tools/grafana-backend) and the launch test of pkg/.
//
// Written from grafana/grafana:
//   - pkg/plugins/backendplugin/grpcplugin/client.go: the handshake (protocol version 2, magic
//     cookie grafana_plugin_type=datasource), the plugin set, gRPC only, cmd.Env = Grafana's
//     variables with the host's environment appended by go-plugin (SkipHostEnv off by default);
//   - pkg/plugins/backendplugin/grpcplugin/grpc_plugin.go: Start (Client, negotiated version >= 2),
//     Stop (Kill), and "plugin unavailable" once the process has exited;
//   - pkg/plugins/backendplugin/grpcplugin/client_v2.go: what is dispensed and how each call is
//     converted (backend.ToProto / backend.FromProto, which decodes the Arrow frames).
package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrPluginUnavailable is Grafana's backendplugin.ErrPluginUnavailable: the process has exited.
var ErrPluginUnavailable = errors.New("plugin unavailable")

// ErrMethodNotImplemented is Grafana's plugins.ErrMethodNotImplemented (gRPC Unimplemented).
var ErrMethodNotImplemented = errors.New("method not implemented")

// handshake is client.go's: these values must never change.
var handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// pluginSet is client.go's set for protocol 2, less the renderer and secrets-manager plugins that
// only Grafana's own extension types serve.
func pluginSet() map[int]goplugin.PluginSet {
	return map[int]goplugin.PluginSet{
		grpcplugin.ProtocolVersion: {
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"data":        &grpcplugin.DataGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
			"admission":   &grpcplugin.AdmissionGRPCPlugin{},
			"conversion":  &grpcplugin.ConversionGRPCPlugin{},
		},
	}
}

// GrafanaEnv is what pkg/services/pluginsintegration/pluginconfig/envvars.go (PluginEnvVars) gives a
// data source plugin on an open-source server without a licence file, tracing, feature toggles,
// AWS/Azure forwarding or [plugin.<id>] settings: the version, then the licensing service's edition,
// licence path and app URL (pkg/services/pluginsintegration/licensing/licensing.go).
func GrafanaEnv(grafanaVersion, appURL string) []string {
	return []string{
		"GF_VERSION=" + grafanaVersion,
		"GF_EDITION=Open Source",
		"GF_ENTERPRISE_LICENSE_PATH=",
		"GF_ENTERPRISE_APP_URL=" + appURL,
	}
}

// LaunchOptions say which binary to start and how long it may take.
type LaunchOptions struct {
	Executable string
	// Env is the plugin's own environment before go-plugin appends the host's (GrafanaEnv).
	Env []string
	// StartTimeout bounds the handshake; Grafana keeps go-plugin's default of one minute.
	StartTimeout time.Duration
	// Logger receives go-plugin's messages and the plugin's own log lines (hclog.NewNullLogger()
	// when nil).
	Logger hclog.Logger
	// Stderr receives what the plugin writes to stderr that is not a log line (discarded when nil).
	Stderr io.Writer
}

// Plugin is one running plugin process, spoken to as Grafana's ClientV2 speaks to it.
type Plugin struct {
	client      *goplugin.Client
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	data        grpcplugin.DataClient
	killOnce    sync.Once
}

// Launch starts the executable and completes the handshake, or fails with a message that names the
// binary; a process that started but failed the handshake is killed before Launch returns.
func Launch(opts LaunchOptions) (*Plugin, error) {
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = time.Minute
	}
	logger := opts.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	cmd := exec.Command(opts.Executable)
	cmd.Env = opts.Env
	dieWithParent(cmd)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  handshake,
		VersionedPlugins: pluginSet(),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		StartTimeout:     opts.StartTimeout,
		Logger:           logger,
		Stderr:           opts.Stderr,
	})
	rpcClient, err := client.Client()
	if err != nil {
		client.Kill()
		if err.Error() == "timeout while waiting for plugin to start" {
			return nil, fmt.Errorf("the plugin %s did not complete go-plugin's handshake within %s: is it a Grafana backend plugin built with grafana-plugin-sdk-go?", opts.Executable, opts.StartTimeout)
		}
		return nil, fmt.Errorf("starting the plugin %s: %w", opts.Executable, err)
	}
	// grpc_plugin.go's Start: protocol version 1 is no longer spoken.
	if client.NegotiatedVersion() < 2 {
		client.Kill()
		return nil, fmt.Errorf("the plugin %s speaks plugin protocol %d; Grafana needs 2", opts.Executable, client.NegotiatedVersion())
	}
	p := &Plugin{client: client}
	// client_v2.go's newClientV2 dispenses each service it knows (admission, conversion and stream
	// too); this stand-in dispenses the three a data source answers here: Save & test, resources, data.
	for name, target := range map[string]func(any){
		"diagnostics": func(raw any) { p.diagnostics, _ = raw.(grpcplugin.DiagnosticsClient) },
		"resource":    func(raw any) { p.resource, _ = raw.(grpcplugin.ResourceClient) },
		"data":        func(raw any) { p.data, _ = raw.(grpcplugin.DataClient) },
	} {
		raw, err := rpcClient.Dispense(name)
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("dispensing %s from the plugin %s: %w", name, opts.Executable, err)
		}
		target(raw)
	}
	return p, nil
}

// Pid is the plugin process's id.
func (p *Plugin) Pid() int {
	if reattach := p.client.ReattachConfig(); reattach != nil {
		return reattach.Pid
	}
	return 0
}

// Exited says whether the plugin process has ended.
func (p *Plugin) Exited() bool {
	return p.client.Exited()
}

// Kill stops the plugin as grpc_plugin.go's Stop does: go-plugin asks it to exit, then kills it.
func (p *Plugin) Kill() {
	p.killOnce.Do(p.client.Kill)
}

// CheckHealth is client_v2.go's CheckHealth.
func (p *Plugin) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if p.Exited() {
		return nil, ErrPluginUnavailable
	}
	if p.diagnostics == nil {
		return nil, ErrMethodNotImplemented
	}
	protoResp, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(req.PluginContext),
		Headers:       req.Headers,
	})
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return &backend.CheckHealthResult{Status: backend.HealthStatusUnknown, Message: "Health check not implemented"}, nil
		}
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(protoResp), nil
}

// QueryData is client_v2.go's QueryData; FromProto decodes each response's Arrow frames.
func (p *Plugin) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	if p.Exited() {
		return nil, ErrPluginUnavailable
	}
	if p.data == nil {
		return nil, ErrMethodNotImplemented
	}
	protoResp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, ErrMethodNotImplemented
		}
		return nil, fmt.Errorf("Failed to query data: %w", err)
	}
	return backend.FromProto().QueryDataResponse(protoResp)
}

// CallResource is client_v2.go's CallResource: every streamed response goes to the sender.
func (p *Plugin) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	if p.Exited() {
		return ErrPluginUnavailable
	}
	if p.resource == nil {
		return ErrMethodNotImplemented
	}
	stream, err := p.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return ErrMethodNotImplemented
		}
		return fmt.Errorf("Failed to call resource: %w", err)
	}
	for {
		protoResp, err := stream.Recv()
		if err != nil {
			if status.Code(err) == codes.Unimplemented {
				return ErrMethodNotImplemented
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("failed to receive call resource response: %w", err)
		}
		if err := sender.Send(backend.FromProto().CallResourceResponse(protoResp)); err != nil {
			return err
		}
	}
}
