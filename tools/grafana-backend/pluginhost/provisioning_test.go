package pluginhost

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTheProvisioningFileGivesGrafanasInstanceSettings(t *testing.T) {
	sources, err := ReadProvisioning("../../../provisioning/datasources/session-replay-errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 1 {
		t.Fatalf("want one data source, got %d", len(sources))
	}
	ds := sources[0]
	if ds.UID != "session-replay-errors" || ds.Type != "sessionreplay-errors-datasource" || ds.OrgID != 1 || ds.ID != 1 || !ds.ReadOnly {
		t.Fatalf("unexpected data source %+v", ds)
	}
	settings, err := ds.InstanceSettings()
	if err != nil {
		t.Fatal(err)
	}
	var jsonData map[string]any
	if err := json.Unmarshal(settings.JSONData, &jsonData); err != nil {
		t.Fatal(err)
	}
	// YAML types survive as JSON types: a number stays a number, a quoted number a string.
	if jsonData["maxLines"] != float64(1000) || jsonData["openReplayProjectId"] != "1" || jsonData["indexPattern"] != "logs-sessionreplay-*" {
		t.Fatalf("jsonData lost its values or types: %v", jsonData)
	}
	if tags, _ := jsonData["messageTags"].([]any); len(tags) != 2 || tags[0] != "asayer_session_id" {
		t.Fatalf("a list in jsonData was lost: %v", jsonData["messageTags"])
	}
	if settings.URL != "http://127.0.0.1:9200" || settings.UID != ds.UID || settings.Updated.IsZero() {
		t.Fatalf("instance settings lost the url, uid or updated time: %+v", settings)
	}

	pCtx, err := ds.PluginContext(Host{GrafanaVersion: "13.2.0", AppURL: "http://127.0.0.1:3000/", PluginVersion: "1.5.0", User: AdminUser})
	if err != nil {
		t.Fatal(err)
	}
	appURL, err := pCtx.GrafanaConfig.AppURL()
	if err != nil || appURL != "http://127.0.0.1:3000/" {
		t.Fatalf("want the app URL in the Grafana config, got %q, %v", appURL, err)
	}
	if pCtx.PluginID != ds.Type || pCtx.OrgID != 1 || pCtx.PluginVersion != "1.5.0" || pCtx.User.Role != "Admin" ||
		pCtx.UserAgent.GrafanaVersion() != "13.2.0" {
		t.Fatalf("unexpected plugin context %+v", pCtx)
	}
}

// values.go: environment variables expand in every value, "$$" is a literal "$"; types.go: a
// missing uid comes from the name.
func TestProvisionedValuesExpandTheEnvironmentAsGrafanaDoes(t *testing.T) {
	t.Setenv("SRE_TEST_URL", "http://cluster:9200")
	t.Setenv("SRE_TEST_KEY", "aWQ6a2V5")
	t.Setenv("SRE_TEST_EDITABLE", "true")
	path := filepath.Join(t.TempDir(), "ds.yaml")
	err := os.WriteFile(path, []byte(`apiVersion: 1
datasources:
  - name: Errors
    type: sessionreplay-errors-datasource
    url: $SRE_TEST_URL
    editable: $SRE_TEST_EDITABLE
    jsonData:
      filter: "price:$$5 AND ${SRE_TEST_URL}"
      nested: {values: [$SRE_TEST_KEY, 3]}
    secureJsonData:
      apiKey: ${SRE_TEST_KEY}
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	sources, err := ReadProvisioning(path)
	if err != nil {
		t.Fatal(err)
	}
	ds := sources[0]
	if ds.URL != "http://cluster:9200" || ds.SecureJSONData["apiKey"] != "aWQ6a2V5" || ds.ReadOnly || ds.Access != "proxy" {
		t.Fatalf("values were not interpolated: %+v", ds)
	}
	if ds.JSONData["filter"] != "price:$5 AND http://cluster:9200" {
		t.Fatalf("want $$ kept as $ and variables expanded, got %q", ds.JSONData["filter"])
	}
	nested := ds.JSONData["nested"].(map[string]any)["values"].([]any)
	if nested[0] != "aWQ6a2V5" || nested[1] != 3 {
		t.Fatalf("nested values: %v", nested)
	}
	if ds.UID != safeUIDFromName("Errors") || len(ds.UID) != 17 || !strings.HasPrefix(ds.UID, "P") || strings.ToUpper(ds.UID) != ds.UID {
		t.Fatalf("want Grafana's uid from the name, got %q", ds.UID)
	}
}

func TestAProvisioningFileOfAnotherVersionIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ds.yaml")
	if err := os.WriteFile(path, []byte("apiVersion: 0\ndatasources: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadProvisioning(path); err == nil || !strings.Contains(err.Error(), "apiVersion 0") {
		t.Fatalf("want apiVersion 0 refused, got %v", err)
	}
}
