package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type capturedResponse struct{ response *backend.CallResourceResponse }

func (c *capturedResponse) Send(r *backend.CallResourceResponse) error {
	c.response = r
	return nil
}

func callResource(t *testing.T, rawURL string, request Requester) *backend.CallResourceResponse {
	t.Helper()
	d := &Datasource{
		jsonData: json.RawMessage(`{"indexPattern":"logs-rec","sessionField":"session.id"}`),
		request:  request,
		core:     NewCore(1, 5*time.Second),
	}
	path, _, _ := strings.Cut(rawURL, "?")
	var sent capturedResponse
	if err := d.CallResource(context.Background(), &backend.CallResourceRequest{Method: "GET", Path: path, URL: rawURL}, &sent); err != nil {
		t.Fatal(err)
	}
	return sent.response
}

// The route is the core's (src/backend/resources.ts): Go passes the path and the query string on.
func TestCallResourceAnswersVariableValuesThroughTheCore(t *testing.T) {
	var searched map[string]any
	response := callResource(t, "variables?query="+url.QueryEscape("sessions")+"&from=1000&to=2000",
		func(_ context.Context, method, path string, body []byte) (int, []byte, error) {
			if method != "POST" || path != "/logs-rec/_search" {
				t.Errorf("unexpected request %s %s", method, path)
			}
			_ = json.Unmarshal(body, &searched)
			return 200, []byte(`{"aggregations":{"values":{"buckets":[{"key":"s1","doc_count":2}]}}}`), nil
		})
	if response.Status != http.StatusOK || string(response.Body) != `[{"text":"s1","value":"s1"}]` {
		t.Fatalf("want the session listed, got %d %s", response.Status, response.Body)
	}
	if !strings.Contains(mustJSON(searched), `"gte":1000`) {
		t.Fatalf("want the search over from..to, got %s", mustJSON(searched))
	}
}

func TestCallResourcePassesTheCoresRefusalOn(t *testing.T) {
	response := callResource(t, "nothing-here", func(context.Context, string, string, []byte) (int, []byte, error) {
		t.Error("nothing should reach the cluster")
		return 500, nil, nil
	})
	if response.Status != http.StatusNotFound || !strings.Contains(string(response.Body), `No resource \"nothing-here\"`) {
		t.Fatalf("want a 404 naming the resources, got %d %s", response.Status, response.Body)
	}
	if response.Headers["Content-Type"][0] != "application/json" {
		t.Fatalf("want JSON, got %v", response.Headers)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
