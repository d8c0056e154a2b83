package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// Benchmarks of the Go host: the core's whole run (search built, answer parsed, frames shaped) in
// sobek, then the frames to data.Frame, for the answers alerting and public dashboards bring.
// `npm run bench:backend` prints them (ns/op, B/op); they time, they assert nothing.

const benchFrom = 1795165200000

func hitsAnswer(lines int) []byte {
	hits := make([]map[string]any, lines)
	for i := range hits {
		at := benchFrom + int64(lines-i)*1000
		hits[i] = map[string]any{
			"_index": "logs-bench", "_id": fmt.Sprintf("h%d", i),
			"_source": map[string]any{
				"@timestamp": time.UnixMilli(at).UTC().Format(time.RFC3339Nano),
				"message":    fmt.Sprintf("[openReplaySession.id=38640478605580%05d] PaymentDeclined: card %d expired", i%500, i),
				"log":        map[string]any{"level": "ERROR"},
				"service":    map[string]any{"name": fmt.Sprintf("svc-%d", i%7)},
				"host":       map[string]any{"name": "web-1"},
			},
			"fields": map[string]any{"@timestamp": []string{fmt.Sprint(at)}},
			"sort":   []int64{at, int64(i)},
		}
	}
	body, _ := json.Marshal(map[string]any{"took": 1, "timed_out": false, "hits": map[string]any{"hits": hits}})
	return body
}

func seriesAnswer(series, buckets int) []byte {
	split := make([]map[string]any, series)
	for s := range split {
		points := make([]map[string]any, buckets)
		for b := range points {
			points[b] = map[string]any{"key": benchFrom + int64(b)*60000, "doc_count": (s + b) % 13}
		}
		split[s] = map[string]any{"key": fmt.Sprintf("svc-%d", s), "doc_count": buckets, "over_time": map[string]any{"buckets": points}}
	}
	body, _ := json.Marshal(map[string]any{"took": 1, "aggregations": map[string]any{"split": map[string]any{"buckets": split}}})
	return body
}

func benchQuery(b *testing.B, query map[string]any, answer []byte, toMs int64) {
	jsonData := map[string]any{"indexPattern": "logs-bench", "sessionField": "session.id", "maxLines": 10000}
	raw, _ := json.Marshal(map[string]any{
		"query": query, "jsonData": jsonData,
		"range": map[string]any{"fromMs": benchFrom, "toMs": toMs}, "nowMs": toMs, "intervalMs": 60000,
	})
	core := NewCore(1, time.Minute)
	request := func(context.Context, string, string, []byte) (int, []byte, error) { return 200, answer, nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := core.RunQuery(context.Background(), raw, request)
		if err != nil {
			b.Fatal(err)
		}
		var result coreOutput
		if err := json.Unmarshal(out, &result); err != nil || !result.Ok {
			b.Fatalf("the core failed: %s", out)
		}
		for _, f := range result.Frames {
			if _, err := toDataFrame(f); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The backend answers at most BACKEND_MAX_LINES (1,000) lines: that is the logs case that runs.
func BenchmarkLogs1000Lines(b *testing.B) {
	benchQuery(b, map[string]any{"refId": "A", "queryType": "logs", "mode": "range", "limit": 1000},
		hitsAnswer(1001), benchFrom+2000*1000)
}

func BenchmarkLogs100Lines(b *testing.B) {
	benchQuery(b, map[string]any{"refId": "A", "queryType": "logs", "mode": "range", "limit": 100},
		hitsAnswer(101), benchFrom+2000*1000)
}

// An alert rule's "errors per 5 minutes by service": 10 services of 5 one-minute buckets.
func BenchmarkErrorsByServiceAlertSized(b *testing.B) {
	benchQuery(b, map[string]any{"refId": "A", "queryType": "errorsOverTime", "mode": "range", "splitBy": "service"},
		seriesAnswer(10, 5), benchFrom+5*60000)
}

// A dashboard's panel: 10 services of 1,000 buckets.
func BenchmarkErrorsByService10x1000(b *testing.B) {
	benchQuery(b, map[string]any{"refId": "A", "queryType": "errorsOverTime", "mode": "range", "splitBy": "service"},
		seriesAnswer(10, 1000), benchFrom+1000*60000)
}

// The heap after 10,000 alert-sized queries against the heap after the first 500 (both after a
// full GC): a leak in the host or a runtime's state that grows query by query shows here. It runs
// the 10,000 queries once, whatever b.N.
func BenchmarkHeapOver10kAlertQueries(b *testing.B) {
	jsonData := map[string]any{"indexPattern": "logs-bench", "sessionField": "session.id"}
	raw, _ := json.Marshal(map[string]any{
		"query":    map[string]any{"refId": "A", "queryType": "errorsOverTime", "mode": "range", "splitBy": "service"},
		"jsonData": jsonData, "range": map[string]any{"fromMs": benchFrom, "toMs": benchFrom + 5*60000},
		"nowMs": benchFrom + 5*60000, "intervalMs": 60000,
	})
	answer := seriesAnswer(10, 5)
	core := NewCore(poolSize, time.Minute)
	request := func(context.Context, string, string, []byte) (int, []byte, error) { return 200, answer, nil }
	heap := func() uint64 {
		var stats runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&stats)
		return stats.HeapAlloc
	}
	run := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := core.RunQuery(context.Background(), raw, request); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	run(500)
	warm := heap()
	run(9500)
	end := heap()
	b.ReportMetric(float64(warm)/(1<<20), "heap-after-500-MiB")
	b.ReportMetric(float64(end)/(1<<20), "heap-after-10k-MiB")
	b.ReportMetric(float64(int64(end)-int64(warm))/(1<<20), "growth-MiB")
}
