package pluginhost

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"gopkg.in/yaml.v3"
)

// DataSource is a data source as Grafana stores it (pkg/services/datasources/models.go), with its
// secure values already decrypted, as the plugin context needs them.
type DataSource struct {
	ID              int64
	OrgID           int64
	UID             string
	Name            string
	Type            string
	Access          string
	URL             string
	User            string
	Database        string
	BasicAuth       bool
	BasicAuthUser   string
	WithCredentials bool
	IsDefault       bool
	JSONData        map[string]any
	SecureJSONData  map[string]string
	Version         int
	ReadOnly        bool
	Updated         time.Time
}

// provisioningFile is apiVersion 1 of pkg/services/provisioning/datasources/types.go
// (upsertDataSourceFromConfigV1); every value is interpolated as values.go does.
type provisioningFile struct {
	APIVersion  int64                   `yaml:"apiVersion"`
	Datasources []provisionedDataSource `yaml:"datasources"`
}

type provisionedDataSource struct {
	OrgID           interpolated            `yaml:"orgId"`
	Version         interpolated            `yaml:"version"`
	Name            interpolated            `yaml:"name"`
	Type            interpolated            `yaml:"type"`
	Access          interpolated            `yaml:"access"`
	URL             interpolated            `yaml:"url"`
	User            interpolated            `yaml:"user"`
	Database        interpolated            `yaml:"database"`
	BasicAuth       interpolated            `yaml:"basicAuth"`
	BasicAuthUser   interpolated            `yaml:"basicAuthUser"`
	WithCredentials interpolated            `yaml:"withCredentials"`
	IsDefault       interpolated            `yaml:"isDefault"`
	JSONData        interpolatedJSON        `yaml:"jsonData"`
	SecureJSONData  map[string]interpolated `yaml:"secureJsonData"`
	Editable        interpolated            `yaml:"editable"`
	UID             interpolated            `yaml:"uid"`
}

// interpolated is values.go's StringValue (and the Int and Bool values, which parse it): the
// scalar's text with environment variables expanded, "$$" standing for a literal "$".
type interpolated string

func (v *interpolated) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a single value", node.Line)
	}
	*v = interpolated(interpolate(node.Value))
	return nil
}

// bool and int parse the value as values.go's BoolValue and Int64Value do; an absent key is false
// or 0.
func (v interpolated) bool() (bool, error) {
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(string(v))
}

func (v interpolated) int() (int64, error) {
	if v == "" {
		return 0, nil
	}
	return strconv.ParseInt(string(v), 10, 64)
}

// interpolatedJSON is values.go's JSONValue: every string inside is interpolated, other scalars
// keep their YAML types.
type interpolatedJSON map[string]any

func (v *interpolatedJSON) UnmarshalYAML(node *yaml.Node) error {
	var raw map[string]any
	if err := node.Decode(&raw); err != nil {
		return err
	}
	*v = interpolateAll(raw).(map[string]any)
	return nil
}

func interpolateAll(value any) any {
	switch v := value.(type) {
	case string:
		return interpolate(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, item := range v {
			out[key] = interpolateAll(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = interpolateAll(item)
		}
		return out
	}
	return value
}

// interpolate is values.go's interpolateValue without Grafana's $__env{}/$__file{} expanders.
func interpolate(value string) string {
	parts := strings.Split(value, "$$")
	for i, part := range parts {
		parts[i] = os.ExpandEnv(part)
	}
	return strings.Join(parts, "$")
}

// ReadProvisioning reads a data source provisioning file as Grafana's config reader does
// (pkg/services/provisioning/datasources/config_reader.go): apiVersion 1, org 1 and access
// "proxy" by default, a uid derived from the name when none is given (types.go, safeUIDFromName).
// Ids are given in file order from 1, as a fresh database would.
func ReadProvisioning(path string) ([]DataSource, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file provisioningFile
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if file.APIVersion != 1 {
		return nil, fmt.Errorf("%s: apiVersion %d; only apiVersion 1 is read here", path, file.APIVersion)
	}
	provisionedAt := time.Now()
	sources := make([]DataSource, 0, len(file.Datasources))
	for i, p := range file.Datasources {
		ds, err := p.dataSource(int64(i+1), provisionedAt)
		if err != nil {
			return nil, fmt.Errorf("%s, data source %d: %w", path, i+1, err)
		}
		sources = append(sources, ds)
	}
	return sources, nil
}

func (p provisionedDataSource) dataSource(id int64, updated time.Time) (DataSource, error) {
	ds := DataSource{
		ID: id, UID: string(p.UID), Name: string(p.Name), Type: string(p.Type), Access: string(p.Access),
		URL: string(p.URL), User: string(p.User), Database: string(p.Database),
		BasicAuthUser: string(p.BasicAuthUser), JSONData: p.JSONData, SecureJSONData: map[string]string{},
		Updated: updated,
	}
	var err error
	var orgID, version int64
	var editable bool
	for _, parse := range []func() error{
		func() (e error) { orgID, e = p.OrgID.int(); return },
		func() (e error) { version, e = p.Version.int(); return },
		func() (e error) { ds.BasicAuth, e = p.BasicAuth.bool(); return },
		func() (e error) { ds.WithCredentials, e = p.WithCredentials.bool(); return },
		func() (e error) { ds.IsDefault, e = p.IsDefault.bool(); return },
		func() (e error) { editable, e = p.Editable.bool(); return },
	} {
		if err = parse(); err != nil {
			return ds, err
		}
	}
	if ds.Name == "" || ds.Type == "" {
		return ds, fmt.Errorf("a data source needs a name and a type")
	}
	ds.OrgID, ds.Version, ds.ReadOnly = orgID, int(version), !editable
	if ds.OrgID == 0 {
		ds.OrgID = 1
	}
	if ds.Access == "" {
		ds.Access = "proxy"
	}
	if ds.UID == "" {
		ds.UID = safeUIDFromName(ds.Name)
	}
	if ds.JSONData == nil {
		ds.JSONData = map[string]any{}
	}
	for key, value := range p.SecureJSONData {
		ds.SecureJSONData[key] = string(value)
	}
	return ds, nil
}

// safeUIDFromName is types.go's.
func safeUIDFromName(name string) string {
	sum := sha256.Sum256([]byte(name))
	return strings.ToUpper(fmt.Sprintf("P%x", sum[:8]))
}

// InstanceSettings is pkg/services/pluginsintegration/adapters/adapters.go's ModelToInstanceSettings.
func (ds DataSource) InstanceSettings() (*backend.DataSourceInstanceSettings, error) {
	jsonData, err := json.Marshal(ds.JSONData)
	if err != nil {
		return nil, fmt.Errorf("failed to convert data source to instance settings: %w", err)
	}
	return &backend.DataSourceInstanceSettings{
		Type:                    ds.Type,
		ID:                      ds.ID,
		Name:                    ds.Name,
		URL:                     ds.URL,
		UID:                     ds.UID,
		Database:                ds.Database,
		User:                    ds.User,
		BasicAuthEnabled:        ds.BasicAuth,
		BasicAuthUser:           ds.BasicAuthUser,
		JSONData:                jsonData,
		DecryptedSecureJSONData: ds.SecureJSONData,
		Updated:                 ds.Updated,
	}, nil
}

// Host is what the plugin context says about the Grafana server and the signed-in user.
type Host struct {
	GrafanaVersion string
	// AppURL is Grafana's root URL, e.g. http://127.0.0.1:3000/.
	AppURL        string
	PluginVersion string
	User          *backend.User
}

// AdminUser is the user a fresh Grafana signs in first, as adapters.go's BackendUserFromSignedInUser
// would pass it.
var AdminUser = &backend.User{Login: "admin", Name: "admin", Email: "admin@localhost", Role: "Admin"}

// PluginContext is pkg/services/pluginsintegration/plugincontext/plugincontext.go's
// GetWithDataSource: the plugin, the user, the instance settings, the request configuration
// (pluginconfig/request.go: the app URL) and the user agent.
func (ds DataSource) PluginContext(host Host) (backend.PluginContext, error) {
	settings, err := ds.InstanceSettings()
	if err != nil {
		return backend.PluginContext{}, err
	}
	pCtx := backend.PluginContext{
		OrgID:                      ds.OrgID,
		PluginID:                   ds.Type,
		PluginVersion:              host.PluginVersion,
		User:                       host.User,
		DataSourceInstanceSettings: settings,
	}
	config := map[string]string{}
	if host.AppURL != "" {
		config[backend.AppURL] = host.AppURL
	}
	pCtx.GrafanaConfig = backend.NewGrafanaCfg(config)
	if ua, err := useragent.New(host.GrafanaVersion, runtime.GOOS, runtime.GOARCH); err == nil {
		pCtx.UserAgent = ua
	}
	return pCtx, nil
}
