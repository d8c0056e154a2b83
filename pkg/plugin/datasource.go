package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Runtimes per data source instance, and how long one query may run (under Grafana's 30 s data proxy
// timeout, as the engine's own 20 s search timeout is).
const (
	poolSize     = 4
	queryTimeout = 25 * time.Second
)

// maxBodyBytes bounds the memory one cluster answer takes (a variable, so that a test can lower it).
var maxBodyBytes = 64 << 20

// Datasource is one data source instance: its settings resolved once, the SDK's HTTP client (TLS,
// CA, timeouts) and a pool of core runtimes. It builds no search and shapes no frame: the core does.
type Datasource struct {
	jsonData json.RawMessage
	client   *http.Client
	// request sends the core's requests to the data source URL with the mode's Authorization.
	request Requester
	core    *Core
}

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// NewDatasource is the instance factory datasource.Manage calls for each data source and version.
func NewDatasource(ctx context.Context, settings backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	options, err := settings.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("http client options: %w", err)
	}
	client, err := httpclient.New(options)
	if err != nil {
		return nil, fmt.Errorf("http client: %w", err)
	}
	var mode struct {
		AuthType string `json:"authType"`
	}
	_ = json.Unmarshal(settings.JSONData, &mode)
	return &Datasource{
		jsonData: settings.JSONData,
		client:   client,
		request: HTTPRequester(client, strings.TrimRight(settings.URL, "/"),
			authorization(mode.AuthType, settings.DecryptedSecureJSONData)),
		core: NewCore(poolSize, queryTimeout),
	}, nil
}

// authorization is what the routes of plugin.json send for the mode, from the same secrets.
func authorization(authType string, secure map[string]string) string {
	switch authType {
	case "apiKey":
		return "ApiKey " + secure["apiKey"]
	case "basic":
		return "Basic " + secure["basicAuthCredentials"]
	}
	return ""
}

// Dispose is called when the settings change and a new instance replaces this one.
func (d *Datasource) Dispose() {
	d.client.CloseIdleConnections()
}

// HTTPRequester sends the core's requests to the cluster at baseURL, with the mode's Authorization.
func HTTPRequester(client *http.Client, baseURL, authorization string) Requester {
	return func(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, method, baseURL+path, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		res, err := client.Do(req)
		if err != nil {
			// Go says "context deadline exceeded" for the client's timeout as for Grafana's: say what it means.
			if errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "Timeout") {
				return 0, nil, fmt.Errorf("%w (timeout: the cluster did not answer in time)", err)
			}
			return 0, nil, err
		}
		defer res.Body.Close()
		// One byte more than allowed tells a cut answer from a whole one.
		answer, err := io.ReadAll(io.LimitReader(res.Body, int64(maxBodyBytes)+1))
		if err == nil && len(answer) > maxBodyBytes {
			return 0, nil, fmt.Errorf("the cluster's answer is larger than the backend reads (%d MiB): narrow the query (a shorter range, fewer lines or groups)", maxBodyBytes>>20)
		}
		return res.StatusCode, answer, err
	}
}

type coreInput struct {
	Query      json.RawMessage `json:"query"`
	JSONData   json.RawMessage `json:"jsonData"`
	Range      coreRange       `json:"range"`
	NowMs      int64           `json:"nowMs"`
	IntervalMs int64           `json:"intervalMs"`
}

type coreRange struct {
	FromMs int64 `json:"fromMs"`
	ToMs   int64 `json:"toMs"`
}

type coreOutput struct {
	Ok     bool              `json:"ok"`
	Error  string            `json:"error"`
	Frames []json.RawMessage `json:"frames"`
}

// QueryData runs each query model through the core; the model is all it takes, never a DSL body.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		response.Responses[q.RefID] = d.query(ctx, q)
	}
	return response, nil
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	model, err := withRefID(q.JSON, q.RefID)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, "the query is not a query of this data source: "+err.Error())
	}
	input, _ := json.Marshal(coreInput{
		Query:      model,
		JSONData:   d.jsonData,
		Range:      coreRange{FromMs: q.TimeRange.From.UnixMilli(), ToMs: q.TimeRange.To.UnixMilli()},
		NowMs:      time.Now().UnixMilli(),
		IntervalMs: q.Interval.Milliseconds(),
	})
	raw, err := d.core.RunQuery(ctx, input, d.request)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusInternal, err.Error())
	}
	var out coreOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		return backend.ErrDataResponse(backend.StatusInternal, "reading the core's answer: "+err.Error())
	}
	if !out.Ok {
		return backend.ErrDataResponse(backend.StatusBadRequest, out.Error)
	}
	frames := make(data.Frames, 0, len(out.Frames))
	for _, f := range out.Frames {
		frame, err := toDataFrame(f)
		if err != nil {
			return backend.ErrDataResponse(backend.StatusInternal, err.Error())
		}
		frames = append(frames, frame)
	}
	return backend.DataResponse{Frames: frames}
}

// withRefID is the query model with the request's refId, as the browser's query carries it.
func withRefID(model json.RawMessage, refID string) (json.RawMessage, error) {
	query := map[string]any{}
	if len(model) > 0 {
		if err := json.Unmarshal(model, &query); err != nil {
			return nil, err
		}
	}
	query["refId"] = refID
	return json.Marshal(query)
}

// CheckHealth is Save & test on the server, with the browser's steps and messages (the core's).
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	input, _ := json.Marshal(map[string]any{"jsonData": d.jsonData, "nowMs": time.Now().UnixMilli()})
	raw, err := d.core.CheckHealth(ctx, input, d.request)
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error()}, nil
	}
	var health struct {
		Status  string `json:"status"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(raw, &health); err != nil {
		return nil, err
	}
	status := map[string]backend.HealthStatus{"success": backend.HealthStatusOk, "warning": backend.HealthStatusOk}[health.Status]
	if status == backend.HealthStatusUnknown {
		status = backend.HealthStatusError
	}
	return &backend.CheckHealthResult{Status: status, Message: health.Message}, nil
}

type resourceInput struct {
	Method   string            `json:"method"`
	Path     string            `json:"path"`
	Params   map[string]string `json:"params"`
	JSONData json.RawMessage   `json:"jsonData"`
	NowMs    int64             `json:"nowMs"`
}

// CallResource answers variables and ad hoc suggestions through the core (src/backend/resources.ts),
// which chooses the route: Go only passes the request on and the answer back.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	params := map[string]string{}
	if parsed, err := url.Parse(req.URL); err == nil {
		for key, values := range parsed.Query() {
			params[key] = values[0]
		}
	}
	input, _ := json.Marshal(resourceInput{
		Method: req.Method, Path: req.Path, Params: params, JSONData: d.jsonData, NowMs: time.Now().UnixMilli(),
	})
	status, body := http.StatusInternalServerError, []byte{}
	raw, err := d.core.CallResource(ctx, input, d.request)
	var answer struct {
		Status int             `json:"status"`
		Body   json.RawMessage `json:"body"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &answer)
	}
	if err != nil {
		body, _ = json.Marshal(map[string]string{"message": err.Error()})
	} else {
		status, body = answer.Status, answer.Body
	}
	return sender.Send(&backend.CallResourceResponse{
		Status:  status,
		Headers: map[string][]string{"Content-Type": {"application/json"}},
		Body:    body,
	})
}
