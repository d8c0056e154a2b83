package plugin

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	body, err := os.ReadFile("../../tests/fixtures/opensearch/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

type output struct {
	Ok     bool              `json:"ok"`
	Error  string            `json:"error"`
	Frames []json.RawMessage `json:"frames"`
}

func runCore(t *testing.T, input map[string]any, request Requester) output {
	t.Helper()
	raw, _ := json.Marshal(input)
	answer, err := NewCore(1, 5*time.Second).RunQuery(context.Background(), raw, request)
	if err != nil {
		t.Fatal(err)
	}
	var out output
	if err := json.Unmarshal(answer, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCoreRunsALogsQueryAgainstTheSavedPattern(t *testing.T) {
	var paths []string
	out := runCore(t, map[string]any{
		"query":    map[string]any{"refId": "A", "queryType": "logs", "mode": "range", "filter": "card.expired"},
		"jsonData": map[string]any{"indexPattern": "logs-rec", "sessionField": "session.id"},
		"range":    map[string]any{"fromMs": 1795165200000, "toMs": 1795168800000},
		"nowMs":    1795168800000,
	}, func(_ context.Context, method, path string, body []byte) (int, []byte, error) {
		paths = append(paths, method+" "+path)
		return 200, fixture(t, "search-three-hits.json"), nil
	})
	if !out.Ok || len(out.Frames) != 1 {
		t.Fatalf("want one frame, got %+v", out)
	}
	if len(paths) != 1 || paths[0] != "POST /logs-rec/_search" {
		t.Fatalf("want one search of the saved pattern, got %v", paths)
	}
	var frame struct {
		Length int `json:"length"`
		Meta   struct {
			Type   string `json:"type"`
			Custom struct {
				SearchWords []string `json:"searchWords"`
			} `json:"custom"`
		} `json:"meta"`
	}
	_ = json.Unmarshal(out.Frames[0], &frame)
	if frame.Length != 3 || frame.Meta.Type != "log-lines" {
		t.Fatalf("want 3 log lines, got %s", out.Frames[0])
	}
	// Unicode property escapes run in sobek as in V8: the word comes out escaped the same way.
	if len(frame.Meta.Custom.SearchWords) != 1 || frame.Meta.Custom.SearchWords[0] != `(?i)card\u002eexpired` {
		t.Fatalf("want the filter word as Grafana reads it, got %v", frame.Meta.Custom.SearchWords)
	}
}

func TestCoreSaysWhatTheEngineRefused(t *testing.T) {
	out := runCore(t, map[string]any{
		"query":    map[string]any{"refId": "A", "queryType": "logs", "mode": "range"},
		"jsonData": map[string]any{"indexPattern": "logs-none"},
		"range":    map[string]any{"fromMs": 0, "toMs": 1},
		"nowMs":    1,
	}, func(context.Context, string, string, []byte) (int, []byte, error) {
		return 404, fixture(t, "error-404-index-not-found.json"), nil
	})
	if out.Ok || out.Error == "" {
		t.Fatalf("want the engine's refusal as a message, got %+v", out)
	}
}

func TestCoreInterruptsAQueryPastItsTimeAndRecovers(t *testing.T) {
	core := NewCore(1, 50*time.Millisecond)
	raw, _ := json.Marshal(map[string]any{
		"query":    map[string]any{"refId": "A", "queryType": "logs", "mode": "range"},
		"jsonData": map[string]any{"indexPattern": "logs-rec"},
		"range":    map[string]any{"fromMs": 0, "toMs": 1},
		"nowMs":    1,
	})
	_, err := core.RunQuery(context.Background(), raw, func(context.Context, string, string, []byte) (int, []byte, error) {
		time.Sleep(200 * time.Millisecond)
		return 200, []byte(`{"hits":{"hits":[]}}`), nil
	})
	if err == nil || !strings.Contains(err.Error(), "longer than the backend allows") {
		t.Fatalf("want the query interrupted, got %v", err)
	}
	// The interrupted runtime is replaced: the pool's next query runs.
	answer, err := core.RunQuery(context.Background(), raw, func(context.Context, string, string, []byte) (int, []byte, error) {
		return 200, []byte(`{"hits":{"hits":[]}}`), nil
	})
	if err != nil || !strings.Contains(string(answer), `"ok":true`) {
		t.Fatalf("want the next query answered, got %s %v", answer, err)
	}
}
