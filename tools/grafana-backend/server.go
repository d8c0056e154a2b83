package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/tools/grafana-backend/pluginhost"
)

// pluginClient is what the handlers ask of the plugin (pluginhost.Plugin).
type pluginClient interface {
	CheckHealth(context.Context, *backend.CheckHealthRequest) (*backend.CheckHealthResult, error)
	QueryData(context.Context, *backend.QueryDataRequest) (*backend.QueryDataResponse, error)
	CallResource(context.Context, *backend.CallResourceRequest, backend.CallResourceResponseSender) error
}

type handler struct {
	ds     pluginhost.DataSource
	host   pluginhost.Host
	plugin pluginClient
}

// maxRequestBytes bounds a request body the stand-in reads.
const maxRequestBytes = 16 << 20

func newHandler(ds pluginhost.DataSource, host pluginhost.Host, plugin pluginClient) http.Handler {
	h := &handler{ds: ds, host: host, plugin: plugin}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ds/query", h.query)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", h.dataSource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", h.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources", h.resource)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", h.resource)
	return mux
}

// apiError is Grafana's response.Error body (pkg/api/response/response.go): a message, and the
// error's text.
func apiError(w http.ResponseWriter, status int, message string, err error) {
	body := map[string]string{"message": message}
	if err != nil {
		body["error"] = err.Error()
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// pluginError is how Grafana answers a failed plugin call: unavailable once the process has exited
// (backendplugin.ErrPluginUnavailable), not found for an unimplemented method
// (pkg/api/plugin_resource.go, handleCallResourceError), else the fallback message.
func pluginError(w http.ResponseWriter, err error, fallback string) {
	switch {
	case errors.Is(err, pluginhost.ErrPluginUnavailable):
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable", err)
	case errors.Is(err, pluginhost.ErrMethodNotImplemented):
		apiError(w, http.StatusNotFound, "Not found", err)
	default:
		apiError(w, http.StatusInternalServerError, fallback, err)
	}
}

// lookup is the data source cache's GetDatasourceByUID for the one data source hosted here.
func (h *handler) lookup(w http.ResponseWriter, uid string, notFoundStatus int) bool {
	if uid != h.ds.UID {
		apiError(w, notFoundStatus, "Data source not found", nil)
		return false
	}
	return true
}

func (h *handler) pluginContext(w http.ResponseWriter) (backend.PluginContext, bool) {
	pCtx, err := h.ds.PluginContext(h.host)
	if err != nil {
		apiError(w, http.StatusInternalServerError, "Unable to get plugin context", err)
		return pCtx, false
	}
	return pCtx, true
}

// dataSourcePluginContext is the plugin context for the data source the path's uid names, or
// false once the lookup or the context has failed and been answered.
func (h *handler) dataSourcePluginContext(w http.ResponseWriter, r *http.Request, notFoundStatus int) (backend.PluginContext, bool) {
	if !h.lookup(w, r.PathValue("uid"), notFoundStatus) {
		return backend.PluginContext{}, false
	}
	return h.pluginContext(w)
}

// metricRequest is pkg/api/dtos/models.go's MetricRequest.
type metricRequest struct {
	From    string            `json:"from"`
	To      string            `json:"to"`
	Queries []json.RawMessage `json:"queries"`
}

// queryFields are the keys pkg/services/query/query.go reads from each query; the whole query is
// the model the plugin gets.
type queryFields struct {
	RefID         *string         `json:"refId"`
	MaxDataPoints *int64          `json:"maxDataPoints"`
	IntervalMs    *int64          `json:"intervalMs"`
	QueryType     string          `json:"queryType"`
	Datasource    json.RawMessage `json:"datasource"`
	DatasourceID  int64           `json:"datasourceId"`
}

// query is POST /api/ds/query: pkg/api/ds_query.go (QueryMetricsV2, toJsonStreamingResponse) and
// pkg/services/query/query.go (parseMetricRequest, handleQuerySingleDatasource).
func (h *handler) query(w http.ResponseWriter, r *http.Request) {
	var req metricRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBytes)).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, "bad request data", err)
		return
	}
	if len(req.Queries) == 0 {
		apiError(w, http.StatusBadRequest, "No queries found", nil)
		return
	}
	now := time.Now()
	from, to := grafanaTime(req.From, now), grafanaTime(req.To, now)
	queries := make([]backend.DataQuery, 0, len(req.Queries))
	for _, raw := range req.Queries {
		var q queryFields
		if err := json.Unmarshal(raw, &q); err != nil {
			apiError(w, http.StatusBadRequest, "bad request data", err)
			return
		}
		uid := dataSourceUID(q.Datasource)
		switch {
		case uid == "__expr__" || uid == "-100":
			apiError(w, http.StatusBadRequest, "server-side expressions are not part of this stand-in of Grafana", nil)
			return
		case uid == "" && q.DatasourceID == h.ds.ID:
		case uid == "" && q.DatasourceID == 0:
			apiError(w, http.StatusBadRequest, "Query does not contain a valid data source identifier", nil)
			return
		case uid != h.ds.UID:
			// ds_query.go's handleQueryMetricsError: datasources.ErrDataSourceNotFound.
			apiError(w, http.StatusNotFound, "Data source not found", nil)
			return
		}
		queries = append(queries, backend.DataQuery{
			RefID:         valueOr(q.RefID, "A"),
			QueryType:     q.QueryType,
			MaxDataPoints: valueOr(q.MaxDataPoints, 100),
			Interval:      time.Duration(valueOr(q.IntervalMs, 1000)) * time.Millisecond,
			TimeRange:     backend.TimeRange{From: from, To: to},
			JSON:          raw,
		})
	}
	pCtx, ok := h.pluginContext(w)
	if !ok {
		return
	}
	resp, err := h.plugin.QueryData(r.Context(), &backend.QueryDataRequest{
		PluginContext: pCtx,
		Headers:       map[string]string{},
		Queries:       queries,
	})
	if err != nil {
		pluginError(w, err, "Query data error")
		return
	}
	// toJsonStreamingResponse: 400 as soon as one query failed, each failure in its result.
	status := http.StatusOK
	for _, res := range resp.Responses {
		if res.Error != nil {
			status = http.StatusBadRequest
			break
		}
	}
	body, err := json.Marshal(resp)
	if err != nil {
		apiError(w, http.StatusInternalServerError, "Query data error", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dataSourceUID is query.go's getDataSourceFromQuery: datasource.uid, or (before Grafana 8.3) the
// datasource as a plain string.
func dataSourceUID(raw json.RawMessage) string {
	var ref struct {
		UID string `json:"uid"`
	}
	if json.Unmarshal(raw, &ref) == nil && ref.UID != "" {
		return ref.UID
	}
	var name string
	_ = json.Unmarshal(raw, &name)
	return name
}

func valueOr[T any](value *T, fallback T) T {
	if value == nil {
		return fallback
	}
	return *value
}

// grafanaTime reads a range end as gtime.TimeRange does for what Grafana's frontend sends: epoch
// milliseconds, or "now" with an optional offset such as "now-6h"; like MustGetFrom, anything else
// is the Unix epoch. (The SDK's gtime needs go-datemath, a module this repository does not have.)
func grafanaTime(value string, now time.Time) time.Time {
	if ms, err := strconv.ParseInt(value, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC()
	}
	if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
		return t.UTC()
	}
	rest, ok := strings.CutPrefix(value, "now")
	if !ok {
		return time.Unix(0, 0).UTC()
	}
	if rest == "" {
		return now.UTC()
	}
	sign := time.Duration(1)
	switch rest[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return time.Unix(0, 0).UTC()
	}
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	amount := rest[1:]
	if len(amount) < 2 || units[amount[len(amount)-1]] == 0 {
		return time.Unix(0, 0).UTC()
	}
	n, err := strconv.ParseInt(amount[:len(amount)-1], 10, 64)
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return now.Add(sign * time.Duration(n) * units[amount[len(amount)-1]]).UTC()
}

// dataSourceDTO is pkg/api/dtos/datasource.go's DataSource: secure values are named, never shown.
type dataSourceDTO struct {
	ID               int64           `json:"id"`
	UID              string          `json:"uid"`
	OrgID            int64           `json:"orgId"`
	Name             string          `json:"name"`
	Type             string          `json:"type"`
	TypeLogoURL      string          `json:"typeLogoUrl"`
	Access           string          `json:"access"`
	URL              string          `json:"url"`
	User             string          `json:"user"`
	Database         string          `json:"database"`
	BasicAuth        bool            `json:"basicAuth"`
	BasicAuthUser    string          `json:"basicAuthUser"`
	WithCredentials  bool            `json:"withCredentials"`
	IsDefault        bool            `json:"isDefault"`
	JSONData         map[string]any  `json:"jsonData,omitempty"`
	SecureJSONFields map[string]bool `json:"secureJsonFields"`
	Version          int             `json:"version"`
	ReadOnly         bool            `json:"readOnly"`
}

// dataSource is GET /api/datasources/uid/:uid (pkg/api/datasource.go, GetDataSourceByUID).
func (h *handler) dataSource(w http.ResponseWriter, r *http.Request) {
	if !h.lookup(w, r.PathValue("uid"), http.StatusNotFound) {
		return
	}
	fields := map[string]bool{}
	for key, value := range h.ds.SecureJSONData {
		if value != "" {
			fields[key] = true
		}
	}
	writeJSON(w, http.StatusOK, dataSourceDTO{
		ID: h.ds.ID, UID: h.ds.UID, OrgID: h.ds.OrgID, Name: h.ds.Name, Type: h.ds.Type, Access: h.ds.Access,
		URL: h.ds.URL, User: h.ds.User, Database: h.ds.Database, BasicAuth: h.ds.BasicAuth,
		BasicAuthUser: h.ds.BasicAuthUser, WithCredentials: h.ds.WithCredentials, IsDefault: h.ds.IsDefault,
		JSONData: h.ds.JSONData, SecureJSONFields: fields, Version: h.ds.Version, ReadOnly: h.ds.ReadOnly,
	})
}

// health is GET /api/datasources/uid/:uid/health (pkg/api/datasource.go, checkDatasourceHealth):
// {status, message, details?}, 400 unless the status is OK.
func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	// CheckDatasourceHealthWithUID answers a lookup failure with a 500.
	pCtx, ok := h.dataSourcePluginContext(w, r, http.StatusInternalServerError)
	if !ok {
		return
	}
	resp, err := h.plugin.CheckHealth(r.Context(), &backend.CheckHealthRequest{PluginContext: pCtx, Headers: map[string]string{}})
	if err != nil {
		pluginError(w, err, "Plugin health check failed")
		return
	}
	payload := map[string]any{"status": resp.Status.String(), "message": resp.Message}
	if len(resp.JSONDetails) > 0 {
		var details map[string]any
		if err := json.Unmarshal(resp.JSONDetails, &details); err != nil {
			apiError(w, http.StatusInternalServerError, "Failed to unmarshal detailed response from backend plugin", err)
			return
		}
		payload["details"] = details
	}
	status := http.StatusOK
	if resp.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, payload)
}

// withheldHeaders never reach the plugin: Grafana's client middlewares remove the user's
// credentials and cookies unless the data source opts in (pkg/services/pluginsintegration/
// clientmiddleware: clear_auth_headers_middleware.go, cookies_middleware.go), and hop-by-hop
// headers belong to the connection.
var withheldHeaders = []string{"Authorization", "Cookie", "Connection", "Keep-Alive", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// resource is /api/datasources/uid/:uid/resources/* (pkg/api/plugin_resource.go): the rest of the
// path, the raw query, the method, the headers and the body go to the plugin; its first response
// gives status and headers (no Set-Cookie, JSON unless said otherwise) and every body is written.
func (h *handler) resource(w http.ResponseWriter, r *http.Request) {
	pCtx, ok := h.dataSourcePluginContext(w, r, http.StatusNotFound)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		apiError(w, http.StatusBadRequest, "Failed for create plugin resource request", err)
		return
	}
	path := r.PathValue("path")
	rawURL := path
	if r.URL.RawQuery != "" {
		rawURL += "?" + r.URL.RawQuery
	}
	headers := r.Header.Clone()
	for _, name := range withheldHeaders {
		headers.Del(name)
	}
	sender := &resourceWriter{w: w}
	err = h.plugin.CallResource(r.Context(), &backend.CallResourceRequest{
		PluginContext: pCtx,
		Path:          path,
		Method:        r.Method,
		URL:           rawURL,
		Headers:       headers,
		Body:          body,
	}, sender)
	if err == nil && sender.responses == 0 {
		err = errors.New("received empty resource response")
	}
	if err != nil && sender.responses == 0 {
		pluginError(w, err, "Failed to call resource")
	}
}

// resourceWriter is plugin_resource.go's flushStream.
type resourceWriter struct {
	w         http.ResponseWriter
	responses int
}

func (s *resourceWriter) Send(resp *backend.CallResourceResponse) error {
	if s.responses == 0 {
		hasContentType := false
		for key, values := range resp.Headers {
			key = textproto.CanonicalMIMEHeaderKey(key)
			switch key {
			case "Set-Cookie":
				continue
			case "Content-Type":
				hasContentType = true
			}
			for _, v := range values {
				s.w.Header().Add(key, v)
			}
		}
		if !hasContentType && resp.Status != http.StatusNoContent {
			s.w.Header().Set("Content-Type", "application/json")
		}
		status := resp.Status
		if status < 100 || status > 999 {
			// net/http refuses such a code; Grafana's recovery middleware answers a 500.
			status = http.StatusInternalServerError
		}
		s.w.WriteHeader(status)
	}
	s.responses++
	_, err := io.Copy(s.w, bytes.NewReader(resp.Body))
	if flusher, ok := s.w.(http.Flusher); ok {
		flusher.Flush()
	}
	return err
}
