package plugin

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
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
			// The latest sessions by collapse (src/query/latestSessions.ts): one hit a session.
			return 200, []byte(`{"_shards":{"total":1,"successful":1,"failed":0},"hits":{"hits":[{"fields":{"session.id":["s1"]}}]}}`), nil
		})
	if response.Status != http.StatusOK || string(response.Body) != `[{"text":"s1","value":"s1"}]` {
		t.Fatalf("want the session listed, got %d %s", response.Status, response.Body)
	}
	if !strings.Contains(mustJSON(searched), `"collapse":{"field":"session.id"}`) {
		t.Fatalf("want the sessions collapsed by session.id, got %s", mustJSON(searched))
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

func tlsDatasource(t *testing.T, server *httptest.Server, jsonData map[string]any, secure map[string]string) *Datasource {
	t.Helper()
	raw, _ := json.Marshal(jsonData)
	instance, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		Type: "sessionreplay-errors-datasource", URL: server.URL, JSONData: raw, DecryptedSecureJSONData: secure,
	})
	if err != nil {
		t.Fatal(err)
	}
	return instance.(*Datasource)
}

// TLS comes from the SDK's HTTP client options, read from the settings Grafana's editor saves
// (jsonData tlsAuthWithCACert, tlsSkipVerify; secureJsonData tlsCACert).
func TestTheClusterCertificateIsCheckedWithTheSavedCA(t *testing.T) {
	var authorization string
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authorization = r.Header.Get("Authorization")
		_, _ = w.Write([]byte(`{}`))
	}))
	// The refused handshakes below are the point: not worth a log line.
	server.Config.ErrorLog = log.New(io.Discard, "", 0)
	server.StartTLS()
	defer server.Close()
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw}))

	trusted := tlsDatasource(t, server, map[string]any{"tlsAuthWithCACert": true, "authType": "apiKey"},
		map[string]string{"tlsCACert": ca, "apiKey": "a2V5"})
	if status, _, err := trusted.request(context.Background(), "GET", "/", nil); err != nil || status != 200 {
		t.Fatalf("want the cluster reached with the saved CA, got %d %v", status, err)
	}
	if authorization != "ApiKey a2V5" {
		t.Fatalf("want the API key sent, got %q", authorization)
	}

	untrusted := tlsDatasource(t, server, map[string]any{"indexPattern": "logs-*"}, nil)
	if _, _, err := untrusted.request(context.Background(), "GET", "/", nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("want the unknown certificate refused, got %v", err)
	}
	health, _ := untrusted.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "certificate") {
		t.Fatalf("want Save & test to name the certificate, got %v %q", health.Status, health.Message)
	}

	skipping := tlsDatasource(t, server, map[string]any{"tlsSkipVerify": true}, nil)
	if status, _, err := skipping.request(context.Background(), "GET", "/", nil); err != nil || status != 200 {
		t.Fatalf("want verification skipped when asked, got %d %v", status, err)
	}
}

func TestARequestStopsWhenGrafanaCancelsIt(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer server.Close()
	defer close(release)
	d := tlsDatasource(t, server, map[string]any{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	_, _, err := d.request(ctx, "GET", "/", nil)
	if err == nil || time.Since(started) > 5*time.Second {
		t.Fatalf("want the request cancelled with its context, got %v after %s", err, time.Since(started))
	}
}

func TestAnAnswerLargerThanTheBackendReadsIsRefusedByName(t *testing.T) {
	saved := maxBodyBytes
	maxBodyBytes = 1000
	defer func() { maxBodyBytes = saved }()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"hits":{"hits":[` + strings.Repeat(`{},`, 600) + `{}]}}`))
	}))
	defer server.Close()
	d := tlsDatasource(t, server, map[string]any{"indexPattern": "logs-*"}, nil)
	response, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: json.RawMessage(`{"queryType":"logs","mode":"range"}`),
		TimeRange: backend.TimeRange{From: time.UnixMilli(0), To: time.UnixMilli(1000)},
	}}})
	answer := response.Responses["A"]
	if answer.Error == nil || !strings.Contains(answer.Error.Error(), "larger than the backend reads") {
		t.Fatalf("want the answer's size named, got %v", answer.Error)
	}
	// An answer under the bound is read whole.
	maxBodyBytes = 1 << 20
	if status, body, err := d.request(context.Background(), "GET", "/", nil); err != nil || status != 200 || !strings.HasSuffix(string(body), "{}]}}") {
		t.Fatalf("want the whole answer, got %d %v", status, err)
	}
}

// The backend takes query models only: whatever else a model carries (an index, a body, a path),
// every search goes to the saved index pattern, with a body the core built.
func TestAQueryModelCannotChooseTheIndexOrTheSearch(t *testing.T) {
	var seen []string
	d := &Datasource{
		jsonData: json.RawMessage(`{"indexPattern":"logs-saved","sessionField":"session.id"}`),
		core:     NewCore(1, 5*time.Second),
		request: func(_ context.Context, method, path string, body []byte) (int, []byte, error) {
			seen = append(seen, method+" "+path+" "+string(body))
			return 200, []byte(`{"hits":{"hits":[]}}`), nil
		},
	}
	model := `{"queryType":"logs","mode":"range","indexPattern":"secrets-*","index":"secrets","path":"/_cat/indices",
		"url":"/secrets/_search","body":{"query":{"match_all":{}}},"query":{"match_all":{}}}`
	response, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: json.RawMessage(model),
		TimeRange: backend.TimeRange{From: time.UnixMilli(0), To: time.UnixMilli(1000)},
	}}})
	if response.Responses["A"].Error != nil || len(seen) != 1 {
		t.Fatalf("want one search, got %v %v", seen, response.Responses["A"].Error)
	}
	if !strings.HasPrefix(seen[0], "POST /logs-saved/_search ") || strings.Contains(seen[0], "secrets") || strings.Contains(seen[0], "match_all") {
		t.Fatalf("want the saved pattern searched with the core's body, got %s", seen[0])
	}
}

func TestATimedOutRequestSaysTimeout(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer server.Close()
	defer close(release)
	d := tlsDatasource(t, server, map[string]any{"timeout": 1}, nil)
	_, _, err := d.request(context.Background(), "GET", "/", nil)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "timeout") {
		t.Fatalf("want the timeout named, got %v", err)
	}
}
