package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost"
	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost/pluginhosttest"
)

// The built binary, launched as Grafana's plugin manager launches a backend plugin
// (pkg/plugins/backendplugin/grpcplugin in grafana/grafana, followed by tools/grafana-backend/pluginhost):
// go-plugin, protocol version 2, the magic cookie grafana_plugin_type=datasource, gRPC only.
func TestTheBinaryAnswersQueryDataOverGoPlugin(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "gpx_sessionreplay_errors_linux_amd64")
	if err := pluginhosttest.GoBuild(bin, "."); err != nil {
		t.Fatal(err)
	}
	cluster := pluginhosttest.NewRecordedCluster(t, "../tests/fixtures/opensearch")

	plugin, err := pluginhost.Launch(pluginhost.LaunchOptions{
		Executable:   bin,
		Env:          pluginhost.GrafanaEnv("13.2.0", "http://127.0.0.1:3000/"),
		StartTimeout: 30 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer plugin.Kill()

	ds := pluginhost.DataSource{
		ID: 1, OrgID: 1, UID: "sre", Name: "Session Replay Errors", Type: "sessionreplay-errors-datasource",
		URL:            cluster.URL + "/",
		JSONData:       map[string]any{"authType": "apiKey", "indexPattern": "logs-rec", "sessionField": "session.id"},
		SecureJSONData: map[string]string{"apiKey": "aWQ6c2VjcmV0"},
		Updated:        time.Now(),
	}
	pluginContext, err := ds.PluginContext(pluginhost.Host{GrafanaVersion: "13.2.0", User: pluginhost.AdminUser})
	if err != nil {
		t.Fatal(err)
	}
	query, _ := json.Marshal(map[string]any{"queryType": "logs", "mode": "range"})
	response, err := plugin.QueryData(context.Background(), &backend.QueryDataRequest{
		PluginContext: pluginContext,
		Queries: []backend.DataQuery{{
			RefID:     "A",
			JSON:      query,
			Interval:  time.Minute,
			TimeRange: backend.TimeRange{From: time.UnixMilli(1795165200000), To: time.UnixMilli(1795168800000)},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	answer := response.Responses["A"]
	if answer.Error != nil {
		t.Fatalf("the query failed: %s", answer.Error)
	}
	// FromProto decoded the Arrow frames with the SDK.
	frames := answer.Frames
	if len(frames) != 1 || frames[0].Rows() != 3 || frames[0].Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("want one log-lines frame of 3 rows, got %v", frames)
	}
	if frames[0].Fields[0].Name != "timestamp" || frames[0].Fields[1].Name != "body" {
		t.Fatalf("want timestamp and body first, got %s, %s", frames[0].Fields[0].Name, frames[0].Fields[1].Name)
	}
	// To the saved pattern only, with the key as the API-key routes send it.
	if seen, _ := cluster.Seen(); len(seen) != 1 || seen[0] != "POST /logs-rec/_search ApiKey aWQ6c2VjcmV0" {
		t.Fatalf("want one search of the saved pattern with the key, got %v", seen)
	}

	// Save & test on the server: the core's steps and message.
	health, err := plugin.CheckHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: pluginContext})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusOk || health.Message != `Connected to OpenSearch 2.19.6. 12 session-tagged lines in "logs-rec" in the last 24 hours.` {
		t.Fatalf("want the core's Save & test, got %v %q", health.Status, health.Message)
	}
}
